package dev.lakeload.core.source;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@link Source} over a folder on the local file system, laid out like a bucket: keys are paths relative to the
 * root with '/' separators. Used for demos, tests and lakes synced to disk.
 *
 * <ul>
 *   <li>A file's location is {@code file:} and its absolute path, the root as configured (made absolute, links
 *       in it not resolved) plus the key.</li>
 *   <li>Its version tag is a stamp of size, modification time and change time (ctime), in nanoseconds. Every
 *       write and every {@code touch} moves the change time, and no tool can set it back, so a file rewritten
 *       in place always gets a new stamp (a touched one too: its content is then compared by hash).</li>
 *   <li>Only regular files inside the root are read. Symbolic links are never followed, neither to files nor to
 *       folders, wherever they point: a link under a table's prefix fails its table, naming it (exclude it or put
 *       the file itself there), so nothing outside the folder is read and nothing is left out silently.</li>
 *   <li>A file whose size or stamp changed while it was read (appended to, rewritten) fails when its end is
 *       read, so that what is recorded is exactly what was read.</li>
 * </ul>
 * Thread-safe.
 */
public final class LocalFolderSource implements Source {
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;

    public LocalFolderSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * Lists every file under the prefix: regular files, and also links and special files, which {@link #open}
     * refuses, so that a table's include and exclude patterns decide about them rather than a silent skip.
     *
     * @throws DataException when a folder of the prefix is a symbolic link
     */
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
        refuseLinksBetweenRootAnd(start);
        if (!Files.isDirectory(start, NO_FOLLOW)) {
            return List.of();
        }
        List<SourceFile> files = new ArrayList<>();
        // Files.walk does not follow links: a link, to a folder or a file, is listed as itself.
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
                String key = keyOf(path);
                if (!attributes.isDirectory() && key.startsWith(prefix)) {
                    files.add(new SourceFile(key, location(path), attributes.size(), stamp(path, attributes),
                            attributes.lastModifiedTime().toInstant()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + start, e);
        }
        return files;
    }

    /**
     * Opens a regular file inside the root, reached without symbolic links. The stream fails at the file's end
     * when the file is not the one listed any more (see the class description).
     *
     * @throws DataException when the file is a link or not a regular file, is reached through a link, changed
     *     after it was listed, or vanished
     */
    @Override
    public InputStream open(SourceFile file) {
        Path path = root.resolve(file.key()).normalize();
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
            if (attributes.isSymbolicLink()) {
                throw linkRefused(file.key(), path);
            }
            if (!attributes.isRegularFile()) {
                throw new DataException(file.key(), 0, null, "not a regular file (a device, socket or pipe); "
                        + "lakeload reads only regular files: exclude it in the table's exclude patterns");
            }
            if (!stamp(path, attributes).equals(file.versionTag())) {
                throw new DataException(file.key(), 0, null,
                        "the file changed after it was listed; run again to load its new content");
            }
            // A folder on the way may have become a link since the listing; the real path tells.
            if (!path.toRealPath().equals(root.toRealPath().resolve(file.key()).normalize())) {
                throw new DataException(file.key(), 0, null, "reached through a symbolic link (its real path is "
                        + path.toRealPath() + "); lakeload never follows links, so that nothing outside the "
                        + "source folder " + root + " is read: put the files themselves there");
            }
            return new ListedFileStream(Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS), file, path);
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

    private static String location(Path path) {
        return "file:" + path;
    }

    private void refuseLinksBetweenRootAnd(Path start) {
        for (Path folder = start; !folder.equals(root); folder = folder.getParent()) {
            if (Files.isSymbolicLink(folder)) {
                throw linkRefused(keyOf(folder), folder);
            }
        }
    }

    private DataException linkRefused(String key, Path link) {
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            target = "an unreadable target";
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        return new DataException(key, 0, null, "a symbolic link to " + target + "; lakeload never follows links, "
                + "so that nothing outside the source folder " + root + " is read: exclude it (exclude: [\""
                + name + "\"]) or put the file itself there");
    }

    /**
     * Size, modification time and change time. The change time moves on every write, rename and {@code touch},
     * and cannot be set back (unlike the modification time, which {@code touch -d} or a sync tool restores), so
     * new content of the same size behind a restored modification time is still noticed. File systems without
     * it (outside Unix) give size and modification time only.
     */
    private static String stamp(Path path, BasicFileAttributes attributes) throws IOException {
        String stamp = attributes.size() + "-" + nanos(attributes.lastModifiedTime());
        try {
            return stamp + "-" + nanos((FileTime) Files.getAttribute(path, "unix:ctime", NO_FOLLOW));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return stamp;
        }
    }

    private static String nanos(FileTime time) {
        return Long.toHexString(time.to(TimeUnit.NANOSECONDS));
    }

    /** Counts what is read and, at the end, checks that the file is still the one listed. */
    private static final class ListedFileStream extends FilterInputStream {
        private final SourceFile file;
        private final Path path;
        private long read;
        private boolean checked;

        ListedFileStream(InputStream in, SourceFile file, Path path) {
            super(in);
            this.file = file;
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, Math.max(0, file.size() - read)));
            read += skipped;
            return skipped;
        }

        // Bytes past the listed size never reach the reader: the file fails as soon as it grows.
        private void count(int n) throws IOException {
            if (n > 0) {
                read += n;
                if (read > file.size()) {
                    throw changed();
                }
            } else if (n < 0 && !checked) {
                checked = true;
                BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
                if (read != file.size() || !stamp(path, now).equals(file.versionTag())) {
                    throw changed();
                }
            }
        }

        private DataException changed() throws IOException {
            long now = Files.size(path);
            return new DataException(file.key(), 0, null, "the file changed while it was being read ("
                    + (now == file.size() ? "rewritten in place" : file.size() + " bytes when listed, " + now
                    + " now") + "); nothing of it was loaded: run again once it is complete");
        }
    }
}
