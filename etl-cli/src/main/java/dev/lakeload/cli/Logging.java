package dev.lakeload.cli;

/**
 * Sets up the CLI's SLF4J backend (slf4j-simple) before the first logger exists: warnings only by default, so
 * stdout stays the summary and stderr stays readable; {@code --verbose} shows lakeload's steps in detail,
 * {@code --quiet} errors only.
 */
final class Logging {
    private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private Logging() {
    }

    static void configureDefaults() {
        System.setProperty(LEVEL, System.getProperty(LEVEL, "warn"));
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        // The embedded server's own chatter is noise for an operator.
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
    }

    /** Info from every library, debug from lakeload's own classes. */
    static void verbose() {
        System.setProperty(LEVEL, "info");
        System.setProperty("org.slf4j.simpleLogger.log.dev.lakeload", "debug");
    }

    /** Errors only. */
    static void quiet() {
        System.setProperty(LEVEL, "error");
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "error");
    }
}
