package io.cirstream.core.combiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestrictedUnpicklerTest {

    @Test
    void readsAStateDictOfOneTensorAsTorchSaveWritesIt() {
        byte[] pickle = PickleBytes.protocol(2)
                .op(Opcodes.EMPTY_DICT)
                .op(Opcodes.BINPUT)
                .raw(0)
                .string("Combiner")
                .global("collections", "OrderedDict")
                .op(Opcodes.BINPUT)
                .raw(1)
                .op(Opcodes.EMPTY_TUPLE)
                .op(Opcodes.REDUCE)
                .op(Opcodes.MARK)
                .string("w")
                .global("torch._utils", "_rebuild_tensor_v2")
                .op(Opcodes.MARK)
                .op(Opcodes.MARK)
                .string("storage")
                .global("torch", "HalfStorage")
                .string("0")
                .string("cpu")
                .op(Opcodes.BININT2)
                .raw(0x10, 0x01) // 272 elements
                .op(Opcodes.TUPLE)
                .op(Opcodes.BINPERSID)
                .int1(4)
                .int1(8)
                .int1(32)
                .op(Opcodes.TUPLE2)
                .int1(1)
                .int1(8)
                .op(Opcodes.TUPLE2)
                .op(Opcodes.NEWFALSE)
                .op(Opcodes.BINGET)
                .raw(1)
                .op(Opcodes.EMPTY_TUPLE)
                .op(Opcodes.REDUCE)
                .op(Opcodes.TUPLE)
                .op(Opcodes.REDUCE)
                .op(Opcodes.SETITEMS)
                .op(Opcodes.EMPTY_DICT)
                .op(Opcodes.BUILD) // OrderedDict instance state (_metadata): ignored
                .op(Opcodes.SETITEM)
                .stop();

        Object root = RestrictedUnpickler.load(pickle);

        assertThat(root).isInstanceOf(Map.class);
        Map<?, ?> stateDict = (Map<?, ?>) ((Map<?, ?>) root).get("Combiner");
        TensorRef tensor = (TensorRef) stateDict.get("w");
        assertThat(tensor.storage()).isEqualTo(new StorageRef("HalfStorage", "0", "cpu", 272));
        assertThat(tensor.storageOffset()).isEqualTo(4);
        assertThat(tensor.size()).containsExactly(8, 32);
        assertThat(tensor.stride()).containsExactly(1, 8);
    }

    @Test
    void readsProtocolFourOpcodesAndScalars() {
        byte[] pickle = PickleBytes.protocol(4)
                .op(Opcodes.FRAME)
                .raw(40, 0, 0, 0, 0, 0, 0, 0)
                .op(Opcodes.EMPTY_LIST)
                .op(Opcodes.MEMOIZE)
                .op(Opcodes.MARK)
                .shortString("é")
                .op(Opcodes.LONG1)
                .raw(2, 0xff, 0x7f) // 32767
                .op(Opcodes.LONG1)
                .raw(1, 0xfe) // -2
                .binint(-70000)
                .op(Opcodes.BINFLOAT)
                .raw(0x3f, 0xf8, 0, 0, 0, 0, 0, 0) // 1.5, big-endian
                .op(Opcodes.NEWTRUE)
                .op(Opcodes.NONE)
                .op(Opcodes.APPENDS)
                .op(Opcodes.BINGET)
                .raw(0)
                .op(Opcodes.TUPLE1) // a tuple holding the list itself
                .op(Opcodes.APPEND)
                .stop();

        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) RestrictedUnpickler.load(pickle);

        assertThat(list.subList(0, 7)).containsExactly("é", 32767L, -2L, -70000L, 1.5, true, null);
        assertThat(((List<?>) list.get(7)).get(0)).isSameAs(list);
    }

    @Test
    void keepsNoneKeysAndValues() {
        byte[] pickle = PickleBytes.protocol(2)
                .op(Opcodes.EMPTY_DICT)
                .string("epoch")
                .op(Opcodes.NONE)
                .op(Opcodes.SETITEM)
                .op(Opcodes.NONE)
                .int1(1)
                .op(Opcodes.SETITEM)
                .stop();

        @SuppressWarnings("unchecked")
        Map<Object, Object> dict = (Map<Object, Object>) RestrictedUnpickler.load(pickle);

        assertThat(dict).containsKey("epoch").containsEntry(null, 1L);
        assertThat(dict.get("epoch")).isNull();
    }

    @Test
    void refusesOsSystem() {
        byte[] pickle = PickleBytes.protocol(2)
                .global("os", "system")
                .string("echo pwned")
                .op(Opcodes.TUPLE1)
                .op(Opcodes.REDUCE)
                .stop();

        assertThatThrownBy(() -> RestrictedUnpickler.load(pickle))
                .isInstanceOf(UnsafeCheckpointException.class)
                .hasMessageStartingWith("refusing to unpickle global os.system");
    }

    @Test
    void refusesDisallowedGlobalsFromStackGlobalToo() {
        byte[] pickle = PickleBytes.protocol(4)
                .shortString("builtins")
                .shortString("eval")
                .op(Opcodes.STACK_GLOBAL)
                .stop();

        assertThatThrownBy(() -> RestrictedUnpickler.load(pickle))
                .isInstanceOf(UnsafeCheckpointException.class)
                .hasMessageContaining("refusing to unpickle global builtins.eval");
        for (String[] global : List.of(
                new String[] {"torch", "load"},
                new String[] {"torch._utils", "_rebuild_parameter"},
                new String[] {"torch.serialization", "_get_layout"},
                new String[] {"__builtin__", "getattr"},
                new String[] {"subprocess", "Popen"})) {
            byte[] bytes = PickleBytes.protocol(2).global(global[0], global[1]).stop();
            assertThatThrownBy(() -> RestrictedUnpickler.load(bytes))
                    .as(Arrays.toString(global))
                    .isInstanceOf(UnsafeCheckpointException.class)
                    .hasMessageContaining("refusing to unpickle global " + global[0] + "." + global[1]);
        }
    }

    @Test
    void refusesToCallAStorageTypeOrAPlainValue() {
        byte[] callStorage = PickleBytes.protocol(2)
                .global("torch", "FloatStorage")
                .op(Opcodes.EMPTY_TUPLE)
                .op(Opcodes.REDUCE)
                .stop();
        byte[] callString = PickleBytes.protocol(2)
                .string("x")
                .op(Opcodes.EMPTY_TUPLE)
                .op(Opcodes.REDUCE)
                .stop();

        assertThatThrownBy(() -> RestrictedUnpickler.load(callStorage))
                .isInstanceOf(UnsafeCheckpointException.class)
                .hasMessageContaining("refusing to call torch.FloatStorage");
        assertThatThrownBy(() -> RestrictedUnpickler.load(callString))
                .isInstanceOf(UnsafeCheckpointException.class)
                .hasMessageContaining("refusing to call a String");
    }

    @Test
    void refusesOpcodesOutsideItsSubset() {
        byte[] inst = PickleBytes.protocol(2)
                .op('i')
                .raw('o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n')
                .stop();
        byte[] newobj = PickleBytes.protocol(2).op(0x81).stop();

        assertThatThrownBy(() -> RestrictedUnpickler.load(inst))
                .isInstanceOf(CombinerWeightsException.class)
                .hasMessageContaining("at byte 2: unsupported pickle opcode 0x69 ('i')");
        assertThatThrownBy(() -> RestrictedUnpickler.load(newobj))
                .hasMessageContaining("unsupported pickle opcode 0x81");
    }

    @Test
    void reportsTruncationAndStructuralErrors() {
        byte[] complete = PickleBytes.protocol(2).string("Combiner").stop();

        assertThatThrownBy(() -> RestrictedUnpickler.load(Arrays.copyOf(complete, 5)))
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> RestrictedUnpickler.load(Arrays.copyOf(complete, complete.length - 1)))
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> RestrictedUnpickler.load(
                        PickleBytes.protocol(2).op(Opcodes.BINGET).raw(3).stop()))
                .hasMessageContaining("memo entry 3 was never stored");
        assertThatThrownBy(() -> RestrictedUnpickler.load(
                        PickleBytes.protocol(2).op(Opcodes.TUPLE).stop()))
                .hasMessageContaining("no MARK");
        assertThatThrownBy(
                        () -> RestrictedUnpickler.load(PickleBytes.protocol(9).stop()))
                .hasMessageContaining("pickle protocol 9 is not supported");
        assertThatThrownBy(() -> RestrictedUnpickler.load(PickleBytes.protocol(2)
                        .op(Opcodes.EMPTY_LIST)
                        .int1(1)
                        .int1(2)
                        .op(Opcodes.SETITEM)
                        .stop()))
                .hasMessageContaining("SETITEM(S) needs a dict");
        assertThatThrownBy(() -> RestrictedUnpickler.load(PickleBytes.protocol(2)
                        .op(Opcodes.BINUNICODE)
                        .int32(1000)
                        .raw('a')
                        .stop()))
                .hasMessageContaining("string of 1000 bytes runs past the end");
    }
}
