package dev.lakeload.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFolderSourceTest {
    @TempDir
    Path root;

    private void write(String key, String content) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void selectsATablesFilesInDmsOrderWithoutEmptyFilesOrNeighbours() throws IOException {
        write("db/t/LOAD00000010.csv", "x");
        write("db/t/LOAD0000000A.csv", "x");
        write("db/t/20260101-000000000.csv", "x");
        write("db/t/LOAD00000009.csv", "x");
        write("db/t/empty.csv", "");
        write("db/t/notes.txt", "x");
        write("db/t_archive/LOAD00000001.csv", "x");

        List<SourceFile> files = TableFiles.select(new LocalFolderSource(root), "db/t",
                new GlobFilter(List.of("*.csv"), List.of()));

        assertThat(files).extracting(SourceFile::key).containsExactly("db/t/LOAD00000009.csv",
                "db/t/LOAD0000000A.csv", "db/t/LOAD00000010.csv", "db/t/20260101-000000000.csv");
    }

    @Test
    void aFileChangedAfterListingIsRefused() throws IOException {
        write("t/LOAD00000001.csv", "a");
        LocalFolderSource source = new LocalFolderSource(root);
        SourceFile listed = source.list("t/").get(0);
        write("t/LOAD00000001.csv", "ab");
        Files.setLastModifiedTime(root.resolve("t/LOAD00000001.csv"), FileTime.from(Instant.now().plusSeconds(5)));

        assertThatThrownBy(() -> source.open(listed)).isInstanceOf(DataException.class)
                .hasMessageContaining("t/LOAD00000001.csv").hasMessageContaining("changed");
    }

    @Test
    void gzipIsDecompressedBySuffix() throws IOException {
        Path file = root.resolve("t/LOAD00000001.csv.gz");
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("1,é\n".getBytes(StandardCharsets.UTF_8));
        }
        LocalFolderSource source = new LocalFolderSource(root);
        SourceFile listed = source.list("t/").get(0);

        try (InputStream in = Compression.AUTO.decompress(source.open(listed), listed.key())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1,é\n");
        }
        assertThat(Compression.bySuffix("a.csv.zst")).isEqualTo(Compression.ZSTD);
        assertThat(Compression.bySuffix("a.CSV.BZ2")).isEqualTo(Compression.BZIP2);
        assertThat(Compression.bySuffix("a.csv")).isEqualTo(Compression.NONE);
    }

    @Test
    void zstdAndBzip2AreReadWhenTheirLibrariesArePresent() throws IOException {
        byte[] text = "1,zst\n".getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream zst = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new com.github.luben.zstd.ZstdOutputStream(zst)) {
            out.write(text);
        }
        java.io.ByteArrayOutputStream bz2 = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bz2)) {
            out.write(text);
        }

        try (InputStream in = Compression.AUTO.decompress(new java.io.ByteArrayInputStream(zst.toByteArray()),
                "a.zst")) {
            assertThat(in.readAllBytes()).isEqualTo(text);
        }
        try (InputStream in = Compression.BZIP2.decompress(new java.io.ByteArrayInputStream(bz2.toByteArray()),
                "a.csv")) {
            assertThat(in.readAllBytes()).isEqualTo(text);
        }
    }

    @Test
    void aFileIsLocatedByItsAbsolutePathWhateverTheRoot() throws IOException {
        write("shop/orders/LOAD00000001.csv", "1\n");

        SourceFile fromLake = new LocalFolderSource(root).list("shop/orders/").get(0);
        SourceFile fromShop = new LocalFolderSource(root.resolve("shop")).list("orders/").get(0);

        assertThat(fromLake.key()).isEqualTo("shop/orders/LOAD00000001.csv");
        assertThat(fromShop.key()).isEqualTo("orders/LOAD00000001.csv");
        assertThat(fromShop.location()).isEqualTo(fromLake.location())
                .isEqualTo("file:" + root.toAbsolutePath().resolve("shop/orders/LOAD00000001.csv"));
    }

    @Test
    void newContentOfTheSameSizeBehindARestoredModificationTimeGetsANewStamp() throws Exception {
        write("t/LOAD00000001.csv", "1,a\n");
        Path file = root.resolve("t/LOAD00000001.csv");
        FileTime modified = Files.getLastModifiedTime(file);
        LocalFolderSource source = new LocalFolderSource(root);
        SourceFile before = source.list("t/").get(0);
        nextTimestampTick();

        write("t/LOAD00000001.csv", "2,b\n");
        Files.setLastModifiedTime(file, modified);

        SourceFile after = source.list("t/").get(0);
        assertThat(after.size()).isEqualTo(before.size());
        assertThat(after.lastModified()).isEqualTo(before.lastModified());
        assertThat(after.versionTag()).isNotEqualTo(before.versionTag());
    }

    @Test
    void aFileAppendedToWhileItIsReadFailsAtItsEnd() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n2,b\n");
        LocalFolderSource source = new LocalFolderSource(root);
        SourceFile listed = source.list("t/").get(0);

        try (InputStream in = source.open(listed)) {
            assertThat(in.read()).isEqualTo('1');
            Files.writeString(root.resolve("t/LOAD00000001.csv"), "3,c\n", StandardOpenOption.APPEND);

            assertThatThrownBy(in::readAllBytes).isInstanceOf(DataException.class)
                    .hasMessageContaining("t/LOAD00000001.csv")
                    .hasMessageContaining("changed while it was being read (8 bytes when listed, 12 now)");
        }
    }

    @Test
    void aFileReadWhileUnchangedEndsNormally() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n");
        LocalFolderSource source = new LocalFolderSource(root);

        try (InputStream in = source.open(source.list("t/").get(0))) {
            assertThat(in.readAllBytes()).asString().isEqualTo("1,a\n");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void linksAreListedButNeverFollowedWhereverTheyPoint(@TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("passwd"), "root:x:0:0\n");
        Files.createDirectories(outside.resolve("more"));
        Files.writeString(outside.resolve("more/LOAD00000009.csv"), "9,outside\n");
        write("t/LOAD00000001.csv", "1,a\n");
        Files.createSymbolicLink(root.resolve("t/LOAD00000002.csv"), outside.resolve("passwd"));
        Files.createSymbolicLink(root.resolve("t/more"), outside.resolve("more"));
        Files.createSymbolicLink(root.resolve("t/LOAD00000003.csv"), root.resolve("t/LOAD00000001.csv"));
        LocalFolderSource source = new LocalFolderSource(root);

        List<SourceFile> files = source.list("t/");

        assertThat(files).extracting(SourceFile::key).containsExactlyInAnyOrder("t/LOAD00000001.csv",
                "t/LOAD00000002.csv", "t/more", "t/LOAD00000003.csv");
        for (SourceFile link : files.stream().filter(f -> !f.key().equals("t/LOAD00000001.csv")).toList()) {
            assertThatThrownBy(() -> source.open(link)).isInstanceOf(DataException.class)
                    .hasMessageStartingWith(link.key() + ": a symbolic link to ")
                    .hasMessageContaining("never follows links").hasMessageContaining("exclude it");
        }
    }

    @Test
    void aPrefixThroughALinkedFolderIsRefused(@TempDir Path outside) throws IOException {
        Files.createDirectories(outside.resolve("orders"));
        Files.writeString(outside.resolve("orders/LOAD00000001.csv"), "1,outside\n");
        Files.createSymbolicLink(root.resolve("shop"), outside);

        assertThatThrownBy(() -> new LocalFolderSource(root).list("shop/orders/"))
                .isInstanceOf(DataException.class).hasMessageStartingWith("shop: a symbolic link to " + outside);
    }

    @Test
    void aFolderReplacedByALinkAfterListingIsNotRead(@TempDir Path outside) throws IOException {
        write("shop/orders/LOAD00000001.csv", "1,a\n");
        LocalFolderSource source = new LocalFolderSource(root);
        SourceFile listed = source.list("shop/orders/").get(0);
        // The same file, with the same stamp, now reached through a link that leaves the root.
        Files.move(root.resolve("shop"), outside.resolve("shop"));
        Files.createSymbolicLink(root.resolve("shop"), outside.resolve("shop"));

        assertThatThrownBy(() -> source.open(listed)).isInstanceOf(DataException.class)
                .hasMessageContaining("reached through a symbolic link");
    }

    /** Waits until the file system's clock has moved on, so that a following write gets a later change time. */
    private static void nextTimestampTick() throws InterruptedException {
        // Linux stamps files from a coarse clock that advances once per scheduler tick (at most 10 ms).
        Thread.sleep(25);
    }

    @Test
    void aPrefixCannotEscapeTheRoot() throws IOException {
        Files.createDirectories(root.resolve("sub"));
        assertThatThrownBy(() -> new LocalFolderSource(root.resolve("sub")).list("../x/"))
                .hasMessageContaining("outside");
    }
}
