package io.ganzoo.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One local Spark for all the tests of this JVM (starting one takes seconds): two task threads, and up to 4 attempts
 * per task as a cluster allows ({@code local[2]} alone fails a job at a task's first failure), no web UI.
 */
final class LocalSpark {
    private static SparkSession spark;

    private LocalSpark() {}

    static synchronized SparkSession session() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2,4]")
                    .appName("ganzoo-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.hadoop.fs.faulty.impl", FaultyFileSystem.class.getName())
                    .config("spark.hadoop.fs.faulty.impl.disable.cache", "true")
                    .getOrCreate();
        }
        return spark;
    }
}
