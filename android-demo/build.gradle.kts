// The ganzoo demo app. The same sources (src/main, src/test) are built by android-demo/pom.xml in the project's Maven
// build, which cannot reach Google's Maven repository; GradleBuildTest there checks that this file and the Maven
// build describe the same app (ids, SDK levels, versions).
plugins {
    id("com.android.application") version "8.13.2"
}

val ganzoo = "0.1.0-SNAPSHOT"
val onnxruntime = "1.28.0"
val robolectric = "4.18"
val robolectricFramework = "14-robolectric-10818077-i7"

android {
    namespace = "io.ganzoo.demo"
    compileSdk = 35

    defaultConfig {
        applicationId = "io.ganzoo.demo"
        minSdk = 26
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        // the ABIs of phones (arm64-v8a) and of the emulator on a PC (x86_64); onnxruntime-android has two more
        ndk {
            abiFilters += listOf("arm64-v8a", "x86_64")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildTypes {
        release {
            // ONNX Runtime's Java classes are called from its JNI library by name; R8 would need keep rules for them
            isMinifyEnabled = false
            signingConfig = signingConfigs.getByName("debug") // a demo: sign your own release with your key
        }
    }

    testOptions {
        unitTests {
            isIncludeAndroidResources = true
            all {
                it.useJUnitPlatform() // JUnit 5, and JUnit 4 (Robolectric) through the vintage engine
            }
        }
    }
}

dependencies {
    implementation("io.ganzoo:ganzoo-sdk:$ganzoo") {
        exclude(group = "com.microsoft.onnxruntime", module = "onnxruntime") // the desktop natives (43 MB)
    }
    implementation("com.microsoft.onnxruntime:onnxruntime-android:$onnxruntime") // same Java API, Android natives
    implementation("io.ganzoo:ganzoo-models:$ganzoo") // the zoo's six generators (17 MB), loaded by name

    testImplementation(platform("org.junit:junit-bom:5.10.2"))
    testImplementation("org.junit.jupiter:junit-jupiter")
    testRuntimeOnly("org.junit.vintage:junit-vintage-engine")
    testImplementation("junit:junit:4.13.2")
    testImplementation("org.robolectric:robolectric:$robolectric")
    testImplementation("io.ganzoo:ganzoo-cli:$ganzoo") // the tests compare the screen with `ganzoo sample`
    testRuntimeOnly("com.microsoft.onnxruntime:onnxruntime:$onnxruntime") // unit tests run on the desktop JVM
}

// Unit tests run on the desktop JVM: ONNX Runtime's desktop build there, not the AAR (its natives are Android's).
configurations.configureEach {
    if (name.endsWith("UnitTestRuntimeClasspath")) {
        exclude(group = "com.microsoft.onnxruntime", module = "onnxruntime-android")
    }
}

// Robolectric runs offline, as in the Maven build: its Android framework jar is resolved here like any dependency
// and read from a folder, never downloaded by Robolectric itself (DemoTestRunner refuses to run otherwise).
val robolectricJars: Configuration by configurations.creating
dependencies {
    robolectricJars("org.robolectric:android-all-instrumented:$robolectricFramework")
}
val robolectricDir = layout.buildDirectory.dir("robolectric")
val copyRobolectricFramework by tasks.registering(Copy::class) {
    from(robolectricJars)
    into(robolectricDir)
}
tasks.withType<Test>().configureEach {
    dependsOn(copyRobolectricFramework)
    val dir = robolectricDir.get().asFile
    systemProperty("robolectric.offline", "true")
    systemProperty("robolectric.dependency.dir", dir.path)
    systemProperty("robolectric.dependency.repo.url", "http://127.0.0.1:9/robolectric-must-stay-offline")
    systemProperty("robolectric.enabledSdks", "34")
    systemProperty("demo.instrumentedJar", dir.resolve("android-all-instrumented-$robolectricFramework.jar").path)
    systemProperty("demo.out", layout.buildDirectory.get().asFile.path)
}
