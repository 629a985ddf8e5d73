package dev.ebpf4j.processor.skeleton;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.maps.RecordCodec;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The skeleton reads and writes a record with the runtime's {@link RecordCodec}; the back ends lay
 * it out from the IR's {@link StructType}. Both must put every field at the same offset and agree
 * on the size, or keys built by a program would never be found from user space.
 */
class RecordLayoutAgreementTest {
    record Flow(int address, short port, byte protocol) {}

    record Padded(byte tag, long value, boolean flag, char letter) {}

    record Bytes(byte a, boolean b, byte c) {}

    record Mixed(short s, int i, char c, long l, byte b) {}

    record Wide(long first, long second) {}

    static Stream<Class<? extends Record>> records() {
        return Stream.of(Flow.class, Padded.class, Bytes.class, Mixed.class, Wide.class, SkeletonFixtures.FlowKey.class);
    }

    @ParameterizedTest
    @MethodSource("records")
    <R extends Record> void theCodecAndTheIrLayTheRecordOutAlike(Class<R> type) {
        List<StructType.Component> components = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) components.add(new StructType.Component(c.getName(), prim(c.getType())));
        StructType struct = StructType.layout(type.getSimpleName(), type.getName(), components);
        RecordCodec<R> codec = RecordCodec.of(type);
        assertEquals(struct.size(), codec.size(), "size");
        for (StructField field : struct.fields()) {
            assertEquals(field.offset(), codec.offsetOf(field.name()), field.name());
        }
        assertEquals(UserSpaceTypes.of(struct).reflectionName(), type.getName(), "the class the skeleton names");
    }

    private static Prim prim(Class<?> type) {
        for (Prim prim : Prim.values()) {
            if (prim.javaName().equals(type.getName())) return prim;
        }
        throw new IllegalArgumentException(type.getName());
    }
}
