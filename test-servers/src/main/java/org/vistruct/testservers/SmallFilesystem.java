package org.vistruct.testservers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system for disk-full tests: a tmpfs of the given size mounted on a new
 * folder (needs root, as CI runs; {@link #mount} returns null where mounting is not allowed, and the
 * test falls back to a reserve set above the free space). Unmounted by {@link #close()}.
 */
public final class SmallFilesystem implements AutoCloseable {
    private final Path dir;

    private SmallFilesystem(Path dir) { this.dir = dir; }

    /** Mounts a tmpfs of {@code megabytes} on a new folder under {@code parent}, or returns null when that is not allowed here. */
    public static SmallFilesystem mount(Path parent, int megabytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(parent, "small-fs");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            System.out.println("cannot mount a tmpfs here (" + new String(p.getInputStream().readAllBytes()).trim() + ")");
            Files.deleteIfExists(dir);
            return null;
        }
        return new SmallFilesystem(dir);
    }

    public Path dir() { return dir; }

    /** Writes a filler file so that about {@code freeBytes} stay free. */
    public Path fillTo(long freeBytes) throws IOException {
        Path filler = dir.resolve("filler.bin");
        long free = Files.getFileStore(dir).getUsableSpace() + (Files.exists(filler) ? Files.size(filler) : 0);
        long size = Math.max(0, free - freeBytes);
        try (var out = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(1 << 20);
            for (long written = 0; written < size; ) {
                chunk.clear();
                chunk.limit((int) Math.min(chunk.capacity(), size - written));
                try {
                    written += out.write(chunk);
                } catch (IOException full) {
                    break; // as full as it gets
                }
            }
        }
        return filler;
    }

    /** Removes the filler: the space comes back. */
    public void free() throws IOException { Files.deleteIfExists(dir.resolve("filler.bin")); }

    @Override
    public void close() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start();
        p.waitFor(20, TimeUnit.SECONDS);
        Files.deleteIfExists(dir);
    }
}
