// The demo as Android developers build it: open this folder in Android Studio (File > Open > android-demo).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
        // ganzoo is not published yet: `mvn -B install -DskipTests -pl sdk,models,cli -am` at the repository root
        // puts io.ganzoo:* into ~/.m2, and only that group is read from there.
        mavenLocal {
            content { includeGroup("io.ganzoo") }
        }
    }
}

rootProject.name = "ganzoo-android-demo"
