package org.vmsnap.storage.qcow2.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Read-only positional access to an image file; every read is bounds-checked against the file size first. */
final class ImageFile implements AutoCloseable {
    private static final int SCRATCH_BYTES = 2 * 1024 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final long size;
    /** Reused direct buffer for word reads: bulk byte swapping into arrays, no temporary buffer per read. */
    private ByteBuffer scratch;

    private ImageFile(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    static ImageFile open(Path path) throws Qcow2FormatException {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            return new ImageFile(path, channel, channel.size());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new Qcow2FormatException(path + ": cannot open image: " + e, e);
        }
    }

    long size() {
        return size;
    }

    /** An exception whose message starts with the file name. */
    Qcow2FormatException error(String message) {
        return new Qcow2FormatException(path + ": " + message);
    }

    /** Fails unless {@code [offset, offset + length)} lies inside the file. */
    void requireRange(long offset, long length, String what) throws Qcow2FormatException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw error(what + " at offset " + offset + " (length " + length + ") lies outside the file (size " + size
                    + "): corrupted image");
        }
    }

    /** Reads exactly {@code length} bytes at {@code offset} into a new big-endian heap buffer positioned at 0. */
    ByteBuffer read(long offset, int length, String what) throws Qcow2FormatException {
        requireRange(offset, length, what);
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
        readFully(offset, buffer, what);
        return buffer.flip();
    }

    /** Reads {@code count} big-endian 64-bit words at {@code offset}. */
    long[] readLongs(long offset, int count, String what) throws Qcow2FormatException {
        if (count < 0 || count > Integer.MAX_VALUE / Long.BYTES) {
            throw error(what + " has an invalid number of entries (" + count + ")");
        }
        requireRange(offset, (long) count * Long.BYTES, what);
        long[] words = new long[count];
        for (int done = 0; done < count; ) {
            int chunk = Math.min(count - done, SCRATCH_BYTES / Long.BYTES);
            if (scratch == null || scratch.capacity() < chunk * Long.BYTES) {
                scratch = ByteBuffer.allocateDirect(Math.max(chunk * Long.BYTES, 64 * 1024));
            }
            scratch.clear().limit(chunk * Long.BYTES);
            readFully(offset + (long) done * Long.BYTES, scratch, what);
            scratch.flip().order(ByteOrder.BIG_ENDIAN).asLongBuffer().get(words, done, chunk);
            done += chunk;
        }
        return words;
    }

    private void readFully(long offset, ByteBuffer buffer, String what) throws Qcow2FormatException {
        long position = offset;
        int n = 0;
        try {
            while (buffer.hasRemaining() && n >= 0) {
                n = channel.read(buffer, position);
                position += Math.max(n, 0);
            }
        } catch (IOException e) {
            throw new Qcow2FormatException(path + ": cannot read " + what + ": " + e, e);
        }
        if (buffer.hasRemaining()) {
            throw error("unexpected end of file while reading " + what + " at offset " + position);
        }
    }

    @Override
    public void close() throws Qcow2FormatException {
        try {
            channel.close();
        } catch (IOException e) {
            throw new Qcow2FormatException(path + ": cannot close image: " + e, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the open already failed; that failure is the one reported
            }
        }
    }
}
