package kb.loadbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code kb} command in a JVM of its own, started with the launcher's options (tools/kb passes them as
 * {@code kb.jvm}), its garbage collections logged: how long it took, the most heap it used and the most memory it
 * held (the kernel's high-water mark of its resident set).
 */
final class ChildJvm {
    /** Heap in use before each collection, and at exit: the peak is one of them. */
    private static final Pattern COLLECTION = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern EXIT_USED = Pattern.compile("used (\\d+)K");

    private final Process process;
    private final Path gcLog;
    private final Path output;
    private final long started;
    private volatile long peakResidentKb;
    private final Thread watcher;

    /** What a finished command used. */
    record Usage(int exitCode, double seconds, double peakHeapMb, double peakResidentMb) {}

    private ChildJvm(List<String> command, Path gcLog, Path output) throws IOException {
        this.gcLog = gcLog;
        this.output = output;
        this.started = System.nanoTime();
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        this.watcher = Thread.ofPlatform().daemon().name("rss-" + process.pid()).start(this::watch);
    }

    /** Starts {@code kb args...}; its output goes to {@code work/name.log}. */
    static ChildJvm start(Path work, String name, List<String> extraJvm, String... args) throws IOException {
        Path gcLog = work.resolve(name + ".gc.log");
        Files.deleteIfExists(gcLog);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(System.getProperty("kb.jvm", "-Xmx1g -XX:+UseG1GC").trim().split("\\s+")));
        command.addAll(extraJvm);
        command.add("-Xlog:gc,gc+heap+exit:file=" + gcLog);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Dkb.home=" + System.getProperty("kb.home", "."));
        command.add("-Dfile.encoding=UTF-8");
        command.add("-Dstdout.encoding=UTF-8");
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) {
            command.add("-Djava.util.logging.config.file=" + logging);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("kb.cli.Kb");
        command.addAll(Arrays.asList(args));
        return new ChildJvm(command, gcLog, work.resolve(name + ".log"));
    }

    long pid() { return process.pid(); }

    Process process() { return process; }

    Path output() { return output; }

    /** Waits for the command to end. */
    Usage await() throws IOException, InterruptedException {
        int code = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        watcher.interrupt();
        watcher.join();
        return new Usage(code, seconds, peakHeapMb(), peakResidentKb / 1024.0);
    }

    /** The most heap in use that the GC log shows: before a collection, or at exit. */
    double peakHeapMb() throws IOException {
        if (!Files.exists(gcLog)) {
            return Double.NaN;
        }
        double peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = COLLECTION.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Double.parseDouble(m.group(1)));
            }
            Matcher exit = EXIT_USED.matcher(line);
            if (line.contains("gc,heap,exit") && exit.find()) {
                peak = Math.max(peak, Double.parseDouble(exit.group(1)) / 1024);
            }
        }
        return peak;
    }

    /** Heap in use after the last full collection the GC log shows (one asked for with {@code jcmd GC.run}). */
    double heapAfterFullCollectionMb() throws IOException {
        double after = Double.NaN;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = COLLECTION.matcher(line);
            if (line.contains("Pause Full") && m.find()) {
                after = Double.parseDouble(m.group(2));
            }
        }
        return after;
    }

    double residentMb() {
        return resident("VmRSS:") / 1024.0;
    }

    private void watch() {
        while (process.isAlive()) {
            peakResidentKb = Math.max(peakResidentKb, resident("VmHWM:"));
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long resident(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has just ended, or this is not Linux
        }
        return 0;
    }
}
