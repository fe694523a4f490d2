package io.cirstream.ingest.chaos;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A decompression bomb: a valid 1-bit greyscale PNG of {@value #SIDE}x{@value #SIDE} pixels, all black, whose rows
 * (32 MB) deflate to about 31 KB. A decoder that allocated the raster first would need a gigabyte for it as RGB.
 */
final class BombPng {

    static final int SIDE = 16_000;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int IHDR_LENGTH = 13;
    private static final byte BIT_DEPTH = 1;
    private static final byte GREYSCALE = 0;
    private static final byte[] BYTES = build();

    private BombPng() {}

    static byte[] bytes() {
        return BYTES.clone();
    }

    private static byte[] build() {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(IHDR_LENGTH)
                .putInt(SIDE)
                .putInt(SIDE)
                .put(BIT_DEPTH)
                .put(GREYSCALE)
                .put((byte) 0) // deflate
                .put((byte) 0) // adaptive filtering
                .put((byte) 0); // not interlaced
        chunk(png, "IHDR", header.array());
        chunk(png, "IDAT", deflatedRows());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] deflatedRows() {
        byte[] row = new byte[1 + SIDE / Byte.SIZE]; // filter byte 0, then 1 bit a pixel
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int y = 0; y < SIDE; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(data.length).array());
        png.writeBytes(name);
        png.writeBytes(data);
        png.writeBytes(
                ByteBuffer.allocate(Integer.BYTES).putInt((int) crc.getValue()).array());
    }
}
