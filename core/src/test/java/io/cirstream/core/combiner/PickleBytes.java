package io.cirstream.core.combiner;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, for unpickler tests that need exact (and hostile) byte sequences. */
final class PickleBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBytes protocol(int version) {
        return new PickleBytes().op(Opcodes.PROTO).raw(version);
    }

    PickleBytes op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    PickleBytes string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        op(Opcodes.BINUNICODE).int32(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    PickleBytes shortString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        op(Opcodes.SHORT_BINUNICODE).raw(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    PickleBytes global(String module, String name) {
        op(Opcodes.GLOBAL);
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PickleBytes int1(int value) {
        return op(Opcodes.BININT1).raw(value);
    }

    PickleBytes int32(int value) {
        return raw(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
    }

    PickleBytes binint(int value) {
        return op(Opcodes.BININT).int32(value);
    }

    byte[] stop() {
        out.write(Opcodes.STOP);
        return out.toByteArray();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
