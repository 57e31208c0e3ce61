package io.ganzoo.demo;

import org.junit.runners.model.FrameworkMethod;
import org.junit.runners.model.InitializationError;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.internal.bytecode.InstrumentationConfiguration;

import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Robolectric, offline, with ONNX Runtime outside its sandbox. ONNX Runtime's JNI library can be loaded by one class
 * loader per JVM; the plain JUnit 5 tests of this module load it too, so its classes come from the application class
 * loader rather than from Robolectric's. The runner refuses to start unless Robolectric is set to read its Android
 * framework from the local folder the build fills (robolectric.offline), so a test run never downloads.
 */
public final class DemoTestRunner extends RobolectricTestRunner {
    public DemoTestRunner(Class<?> testClass) throws InitializationError {
        super(checkOffline(testClass));
    }

    private static Class<?> checkOffline(Class<?> testClass) throws InitializationError {
        String offline = System.getProperty("robolectric.offline");
        String dir = System.getProperty("robolectric.dependency.dir");
        if (!"true".equals(offline) || dir == null || !Files.isDirectory(Paths.get(dir))) {
            throw new InitializationError("Robolectric must run offline: expected -Drobolectric.offline=true and"
                    + " -Drobolectric.dependency.dir=<folder with android-all-instrumented-*.jar> (the Maven build sets"
                    + " both, see android-demo/pom.xml), found robolectric.offline=" + offline
                    + ", robolectric.dependency.dir=" + dir);
        }
        return testClass;
    }

    @Override
    protected InstrumentationConfiguration createClassLoaderConfig(FrameworkMethod method) {
        return new InstrumentationConfiguration.Builder(super.createClassLoaderConfig(method))
                .doNotAcquirePackage("ai.onnxruntime")
                .build();
    }
}
