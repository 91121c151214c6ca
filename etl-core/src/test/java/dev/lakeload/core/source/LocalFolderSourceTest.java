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
    void aPrefixCannotEscapeTheRoot() throws IOException {
        Files.createDirectories(root.resolve("sub"));
        assertThatThrownBy(() -> new LocalFolderSource(root.resolve("sub")).list("../x/"))
                .hasMessageContaining("outside");
    }
}
