package io.cirstream.core.combiner;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle reader for exactly what {@code torch.save} writes for a dict of tensors, and nothing more: a security
 * boundary, since a pickle is a program and a checkpoint may come from anywhere.
 *
 * <p>It interprets the opcodes of protocols 2 to 5 that such a file uses, builds plain Java values (String, Long,
 * Double, Boolean, null, {@code List} for lists and unmodifiable {@code List} for tuples, {@code LinkedHashMap} for
 * dicts and OrderedDicts) and calls nothing: of Python's globals it knows only the names in {@link #ALLOWED_GLOBALS},
 * and any other name stops it at once with an {@link UnsafeCheckpointException} ("refusing to unpickle global
 * os.system"). {@code _rebuild_tensor_v2(...)} becomes a {@link TensorRef}; a {@code BINPERSID} storage reference
 * becomes a {@link StorageRef}; the bytes themselves are the caller's business.
 */
final class RestrictedUnpickler {

    /** The only Python globals a Combiner checkpoint may name. Storage types are markers, never called. */
    static final Set<String> ALLOWED_GLOBALS = Set.of(
            "collections.OrderedDict",
            "torch._utils._rebuild_tensor_v2",
            "torch.FloatStorage",
            "torch.HalfStorage",
            "torch.BFloat16Storage",
            "torch.DoubleStorage",
            "torch.LongStorage",
            "torch.IntStorage",
            "torch.ShortStorage",
            "torch.CharStorage",
            "torch.ByteStorage",
            "torch.BoolStorage");

    private static final String ORDERED_DICT = "collections.OrderedDict";
    private static final String REBUILD_TENSOR = "torch._utils._rebuild_tensor_v2";
    private static final int HIGHEST_PROTOCOL = 5;
    private static final int MAX_LONG_BYTES = 8;

    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private RestrictedUnpickler(byte[] pickle) {
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The value the pickle describes. */
    static Object load(byte[] pickle) {
        RestrictedUnpickler unpickler = new RestrictedUnpickler(pickle);
        try {
            return unpickler.run();
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new CombinerWeightsException("the checkpoint's pickle ends early (at byte %d of %d): truncated?"
                    .formatted(unpickler.in.position(), pickle.length));
        }
    }

    private Object run() {
        while (true) {
            int at = in.position();
            int opcode = in.get() & 0xff;
            switch (opcode) {
                case Opcodes.PROTO -> protocol(u8());
                case Opcodes.FRAME -> in.getLong(); // frame sizes only help streaming readers
                case Opcodes.STOP -> {
                    return pop();
                }
                case Opcodes.MARK -> marks.push(stack.size());
                case Opcodes.POP -> pop();
                case Opcodes.POP_MARK -> popMark();
                case Opcodes.EMPTY_DICT -> push(new LinkedHashMap<>());
                case Opcodes.EMPTY_LIST -> push(new ArrayList<>());
                case Opcodes.EMPTY_TUPLE -> push(List.of());
                case Opcodes.TUPLE -> push(tuple(popMark()));
                case Opcodes.TUPLE1 -> push(tuple(popN(1)));
                case Opcodes.TUPLE2 -> push(tuple(popN(2)));
                case Opcodes.TUPLE3 -> push(tuple(popN(3)));
                case Opcodes.LIST -> push(new ArrayList<>(popMark()));
                case Opcodes.DICT -> push(dictOf(popMark(), new LinkedHashMap<>(), at));
                case Opcodes.BINUNICODE -> push(utf8(length(Integer.toUnsignedLong(in.getInt()), at), at));
                case Opcodes.SHORT_BINUNICODE -> push(utf8(u8(), at));
                case Opcodes.BINUNICODE8 -> push(utf8(length(in.getLong(), at), at));
                case Opcodes.BININT -> push((long) in.getInt());
                case Opcodes.BININT1 -> push((long) u8());
                case Opcodes.BININT2 -> push((long) (in.getShort() & 0xffff));
                case Opcodes.LONG1 -> push(twosComplement(u8(), at));
                case Opcodes.LONG4 -> push(twosComplement(in.getInt(), at));
                case Opcodes.BINFLOAT -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong())));
                case Opcodes.NEWTRUE -> push(Boolean.TRUE);
                case Opcodes.NEWFALSE -> push(Boolean.FALSE);
                case Opcodes.NONE -> push(null);
                case Opcodes.GLOBAL -> push(global(line(at), line(at)));
                case Opcodes.STACK_GLOBAL -> {
                    String name = expect(pop(), String.class, "STACK_GLOBAL name", at);
                    String module = expect(pop(), String.class, "STACK_GLOBAL module", at);
                    push(global(module, name));
                }
                case Opcodes.BINPERSID -> push(storage(pop(), at));
                case Opcodes.REDUCE -> {
                    Object arguments = pop();
                    push(reduce(pop(), arguments, at));
                }
                case Opcodes.BUILD -> build(pop(), peek(), at);
                case Opcodes.SETITEM -> {
                    Object value = pop();
                    Object key = pop();
                    dictOf(Arrays.asList(key, value), peek(), at);
                }
                case Opcodes.SETITEMS -> {
                    List<Object> items = popMark();
                    dictOf(items, peek(), at);
                }
                case Opcodes.APPEND -> listAt(peekBelow(1), at).add(pop());
                case Opcodes.APPENDS -> {
                    List<Object> items = popMark();
                    listAt(peek(), at).addAll(items);
                }
                case Opcodes.BINPUT -> memo.put((long) u8(), peek());
                case Opcodes.LONG_BINPUT -> memo.put(Integer.toUnsignedLong(in.getInt()), peek());
                case Opcodes.MEMOIZE -> memo.put((long) memo.size(), peek());
                case Opcodes.BINGET -> push(memoGet(u8(), at));
                case Opcodes.LONG_BINGET -> push(memoGet(Integer.toUnsignedLong(in.getInt()), at));
                default ->
                    throw malformed("unsupported pickle opcode 0x%02x (%s)".formatted(opcode, printable(opcode)), at);
            }
        }
    }

    private void protocol(int version) {
        if (version < 2 || version > HIGHEST_PROTOCOL) {
            throw new CombinerWeightsException(
                    "pickle protocol %d is not supported (torch.save writes 2)".formatted(version));
        }
    }

    private static Global global(String module, String name) {
        String qualified = module + "." + name;
        if (!ALLOWED_GLOBALS.contains(qualified)) {
            throw new UnsafeCheckpointException(("refusing to unpickle global %s: a Combiner checkpoint holds only "
                            + "tensors (allowed: collections.OrderedDict, torch._utils._rebuild_tensor_v2, "
                            + "torch.*Storage); the file may be hostile")
                    .formatted(qualified));
        }
        return new Global(module, name);
    }

    private static Object reduce(Object callable, Object arguments, int at) {
        if (!(callable instanceof Global global)) {
            throw new UnsafeCheckpointException("refusing to call a %s at byte %d: only allowed globals are callable"
                    .formatted(typeName(callable), at));
        }
        List<?> args = expect(arguments, List.class, "REDUCE arguments", at);
        return switch (global.qualifiedName()) {
            case ORDERED_DICT -> {
                if (!args.isEmpty()) {
                    throw malformed(
                            "OrderedDict called with %d arguments, torch.save passes none".formatted(args.size()), at);
                }
                yield new LinkedHashMap<>();
            }
            case REBUILD_TENSOR -> TensorRef.of(args, at);
            default ->
                throw new UnsafeCheckpointException(
                        "refusing to call %s at byte %d: it is only a storage type marker".formatted(global, at));
        };
    }

    private static void build(Object state, Object target, int at) {
        // An OrderedDict state dict carries its _metadata (module versions) as instance state: not needed here.
        if (!(target instanceof Map)) {
            throw malformed("BUILD on a %s (only state dicts carry state)".formatted(typeName(target)), at);
        }
    }

    private static StorageRef storage(Object persistentId, int at) {
        List<?> id = expect(persistentId, List.class, "persistent id", at);
        if (id.size() != 5 || !"storage".equals(id.get(0))) {
            throw malformed(
                    "persistent id %s is not a ('storage', type, key, location, numel) tuple".formatted(id), at);
        }
        Global type = expect(id.get(1), Global.class, "storage type", at);
        String key = expect(id.get(2), String.class, "storage key", at);
        String location = expect(id.get(3), String.class, "storage location", at);
        long elements = expect(id.get(4), Long.class, "storage size", at);
        if (elements < 0) {
            throw malformed("storage %s has negative size %d".formatted(key, elements), at);
        }
        return new StorageRef(type.name(), key, location, elements);
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dictOf(List<Object> keysAndValues, Object target, int at) {
        if (!(target instanceof Map<?, ?> map) || keysAndValues.size() % 2 != 0) {
            throw malformed("SETITEM(S) needs a dict and key/value pairs, found a " + typeName(target), at);
        }
        Map<Object, Object> dict = (Map<Object, Object>) map;
        for (int i = 0; i < keysAndValues.size(); i += 2) {
            dict.put(keysAndValues.get(i), keysAndValues.get(i + 1));
        }
        return dict;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listAt(Object target, int at) {
        if (!(target instanceof ArrayList<?> list)) {
            throw malformed("APPEND(S) on a %s, not a list".formatted(typeName(target)), at);
        }
        return (List<Object>) list;
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    private Object twosComplement(int byteCount, int at) {
        if (byteCount < 0 || byteCount > MAX_LONG_BYTES) {
            throw malformed("integer of %d bytes is larger than a checkpoint needs".formatted(byteCount), at);
        }
        long value = 0;
        for (int i = 0; i < byteCount; i++) {
            value |= (long) u8() << (8 * i);
        }
        if (byteCount > 0 && byteCount < MAX_LONG_BYTES) {
            int unused = 64 - 8 * byteCount;
            value = (value << unused) >> unused; // sign-extend
        }
        return value;
    }

    private String line(int at) {
        int start = in.position();
        int end = start;
        while (in.get(end) != '\n') {
            end++;
        }
        byte[] bytes = new byte[end - start];
        in.get(bytes);
        in.get(); // the newline
        return decode(bytes, at);
    }

    private String utf8(long length, int at) {
        byte[] bytes = new byte[(int) length];
        in.get(bytes);
        return decode(bytes, at);
    }

    private int length(long declared, int at) {
        if (declared < 0 || declared > in.remaining()) {
            throw malformed("string of %d bytes runs past the end of the pickle".formatted(declared), at);
        }
        return (int) declared;
    }

    private static String decode(byte[] bytes, int at) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("string is not valid UTF-8", at);
        }
    }

    private int u8() {
        return in.get() & 0xff;
    }

    private Object memoGet(long index, int at) {
        if (!memo.containsKey(index)) {
            throw malformed("memo entry %d was never stored".formatted(index), at);
        }
        return memo.get(index);
    }

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && stack.size() <= marks.peek())) {
            throw malformed("stack underflow", in.position() - 1);
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        return peekBelow(0);
    }

    private Object peekBelow(int depth) {
        if (stack.size() <= depth) {
            throw malformed("stack underflow", in.position() - 1);
        }
        return stack.get(stack.size() - 1 - depth);
    }

    private List<Object> popN(int count) {
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(0, pop());
        }
        return items;
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw malformed("no MARK to pop to", in.position() - 1);
        }
        int mark = marks.pop();
        List<Object> top = stack.subList(mark, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    static <T> T expect(Object value, Class<T> type, String what, int at) {
        if (!type.isInstance(value)) {
            throw malformed("%s should be a %s, found a %s".formatted(what, type.getSimpleName(), typeName(value)), at);
        }
        return type.cast(value);
    }

    private static String typeName(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    private static String printable(int opcode) {
        return opcode >= 0x20 && opcode < 0x7f ? "'" + (char) opcode + "'" : "binary";
    }

    static CombinerWeightsException malformed(String detail, int at) {
        return new CombinerWeightsException("malformed checkpoint pickle at byte %d: %s".formatted(at, detail));
    }

    /** An allowed Python global, named but never resolved to anything callable in Java. */
    record Global(String module, String name) {
        String qualifiedName() {
            return module + "." + name;
        }

        @Override
        public String toString() {
            return qualifiedName();
        }
    }
}
