package dev.lakeload.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process for tests, bounded in time: its standard output and error go to a file (so a chatty child never
 * blocks on a full pipe and no read waits on it), every wait has a limit, and a child that overruns is killed with
 * its descendants and fails the test with what it printed.
 *
 * <p>Lifecycle: {@link #start}, then {@link #awaitOutput} and/or {@link #await}; {@link #close} kills whatever is
 * still running and deletes the output file. Not thread-safe.
 */
public final class ChildProcess implements AutoCloseable {
    /** A finished child: its exit code and everything it printed (standard output and error, interleaved). */
    public record Result(int exitCode, String output) {
    }

    private final List<String> command;
    private final Process process;
    private final Path output;

    private ChildProcess(List<String> command, Process process, Path output) {
        this.command = command;
        this.process = process;
        this.output = output;
    }

    /** Starts {@code command} in {@code directory}. */
    public static ChildProcess start(Path directory, List<String> command) {
        return start(directory, Map.of(), command);
    }

    /** Starts {@code command} in {@code directory} with {@code environment} added to this process's. */
    public static ChildProcess start(Path directory, Map<String, String> environment, List<String> command) {
        try {
            Path output = Files.createTempFile("lakeload-child", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new ChildProcess(List.copyOf(command), process, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code command} to its end, at most {@code timeout}. */
    public static Result run(Path directory, Duration timeout, List<String> command) {
        return run(directory, Map.of(), timeout, command);
    }

    /** Runs {@code command} with {@code environment} added to this process's, to its end, at most {@code timeout}. */
    public static Result run(Path directory, Map<String, String> environment, Duration timeout, List<String> command) {
        try (ChildProcess child = start(directory, environment, command)) {
            return child.await(timeout);
        }
    }

    /** Waits for the child to exit; kills it and throws {@link AssertionError} with its output after {@code timeout}. */
    public Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError(command + " did not finish within " + timeout + "; it printed:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new AssertionError("interrupted while waiting for " + command, e);
        }
        return new Result(process.exitValue(), output());
    }

    /**
     * Waits until the child has printed {@code text}; throws {@link AssertionError} with its output when it exits or
     * {@code timeout} passes first.
     */
    public void awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "within " + timeout : "before it exited";
                throw new AssertionError(command + " did not print '" + text + "' " + why + "; it printed:\n"
                        + output());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + command, e);
            }
        }
    }

    /** Everything the child printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The child's process handle, for example to kill it as a test step. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Kills the child and its descendants at once (SIGKILL) and waits briefly for them to go. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // a temp file left behind harms nothing
        }
    }
}
