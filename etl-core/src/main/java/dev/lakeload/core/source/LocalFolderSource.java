package dev.lakeload.core.source;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@link Source} over a folder on the local file system, laid out like a bucket: keys are paths relative to the
 * root with '/' separators. Used for demos, tests and lakes synced to disk.
 *
 * <p>The version tag is the file's size and modification time in nanoseconds, so a file rewritten in place is
 * seen as new. Thread-safe.
 */
public final class LocalFolderSource implements Source {
    private final Path root;

    public LocalFolderSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public List<SourceFile> list(String prefix) {
        if (!Files.isDirectory(root)) {
            throw new ConfigException("source folder " + root + " does not exist or is not a folder");
        }
        // Walk the deepest folder the prefix names fully, then match the rest of the prefix on keys.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash)).normalize();
        if (!start.startsWith(root)) {
            throw new ConfigException("prefix '" + prefix + "' points outside the source folder " + root);
        }
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (!attributes.isRegularFile()) {
                    continue;
                }
                String key = keyOf(path);
                if (key.startsWith(prefix)) {
                    files.add(new SourceFile(key, attributes.size(), versionTag(attributes),
                            attributes.lastModifiedTime().toInstant()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + start, e);
        }
        return files;
    }

    @Override
    public InputStream open(SourceFile file) {
        Path path = root.resolve(file.key()).normalize();
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!versionTag(attributes).equals(file.versionTag())) {
                throw new DataException(file.key(), 0, null,
                        "the file changed after it was listed; run again to load its new content");
            }
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new DataException(file.key(), 0, null, "the file vanished after it was listed", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    private String keyOf(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static String versionTag(BasicFileAttributes attributes) {
        long nanos = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        return attributes.size() + "-" + Long.toHexString(nanos);
    }
}
