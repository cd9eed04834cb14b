package kb.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import kb.model.Theme;
import org.apache.lucene.util.Version;

/**
 * What a generation was built with, as one hash: the code that reads, tags, stores and indexes cases (with its
 * resources: lexicon, examples, thesaurus), Lucene's version and the themes. A generation built otherwise is
 * never updated in place: the next ingest rebuilds it whole.
 */
final class Fingerprint {
    /** The packages whose code decides what a generation holds. */
    private static final List<String> PACKAGES = List.of("kb/corpus/", "kb/model/", "kb/search/", "kb/tagging/", "kb/ingest/", "kb/store/");
    private static final String CODE = codeHash();

    private Fingerprint() {}

    static String of(List<Theme> themes) {
        MessageDigest sha = sha256();
        update(sha, CODE);
        update(sha, Version.LATEST.toString());
        for (Theme t : themes) {
            update(sha, t.name());
            update(sha, t.en());
            update(sha, t.description());
            update(sha, t.fits());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The code itself, for the model's key: its inputs include the lexicon and the examples. */
    static String code() { return CODE; }

    /** Size and CRC-32 of a file of code: zlib's native CRC is fast in a JVM just started, SHA-256 is not yet. */
    private static String checksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return bytes.length + ":" + Long.toHexString(crc.getValue());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void update(MessageDigest sha, String text) {
        sha.update((text == null ? "\u0001" : text).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static String codeHash() {
        MessageDigest sha = sha256();
        try {
            Path location = Path.of(Fingerprint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                for (String pkg : PACKAGES) {
                    Path dir = location.resolve(pkg);
                    if (!Files.isDirectory(dir)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path f : files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                            update(sha, location.relativize(f).toString());
                            update(sha, checksum(Files.readAllBytes(f)));
                        }
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    List<JarEntry> entries = new ArrayList<>(jar.stream()
                            .filter(e -> !e.isDirectory() && PACKAGES.stream().anyMatch(e.getName()::startsWith)).toList());
                    entries.sort(Comparator.comparing(JarEntry::getName));
                    for (JarEntry e : entries) {
                        update(sha, e.getName());
                        try (InputStream in = jar.getInputStream(e)) {
                            update(sha, checksum(in.readAllBytes()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the code of the ingest", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
