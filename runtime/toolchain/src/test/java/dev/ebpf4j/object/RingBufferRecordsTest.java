package dev.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.btf.BtfValueFormatter;
import dev.ebpf4j.btf.PlainJsonWriter;
import dev.ebpf4j.types.MapType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The records of a ring buffer named in clang's object, in both conventions C programs use
 * ({@code __type(value, struct event)}, cilium/ebpf's, and {@code __type(value, struct event[0])},
 * ours): the value size is 0 either way, as the kernel creates ring buffers, the record type is the
 * struct, and our writer keeps both through a round trip.
 */
class RingBufferRecordsTest {
    private static final String FIXTURE = "ringbuf_records";

    @Test
    void bothConventionsNameTheStructAndLeaveTheValueSizeZero() {
        BpfObject object = ObjectReader.read(ObjectFixtures.compiledBytes(FIXTURE));
        assertRecords(object);
    }

    @Test
    void ourWriterKeepsThemThroughARoundTrip() {
        BpfObject object = ObjectReader.read(ObjectFixtures.compiledBytes(FIXTURE));
        assertRecords(ObjectReader.read(ObjectWriter.write(object)));
    }

    @Test
    void aRecordFormatsAsOneJsonLineThroughItsStruct() {
        BpfObject object = ObjectReader.read(ObjectFixtures.compiledBytes(FIXTURE));
        int event = object.map("ebpf4j_style").orElseThrow().recordTypeId(object.btf());
        ByteBuffer bytes = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(0, 7).putShort(4, (short) 8080).put(6, (byte) 3).putLong(8, 1L << 40).put(16, (byte) 'a').put(17, (byte) 'b');
        PlainJsonWriter line = PlainJsonWriter.oneLine();
        new BtfValueFormatter(object.btf()).write(line, event, bytes.array(), 0);
        assertEquals("{\"pid\":7,\"port\":8080,\"flags\":3,\"bytes\":1099511627776,\"comm\":\"ab\"}", line.take());
    }

    private static void assertRecords(BpfObject object) {
        Btf btf = object.btf();
        for (String name : new String[] {"cilium_style", "ebpf4j_style"}) {
            MapDefinition map = object.map(name).orElseThrow();
            assertEquals(MapType.RINGBUF, map.type());
            assertEquals(0, map.keySize(), name);
            assertEquals(0, map.valueSize(), name + ": the kernel creates ring buffers with value size 0");
            BtfType.Struct struct = btf.type(btf.skipQualifiers(map.recordTypeId(btf)), BtfType.Struct.class);
            assertEquals("event", struct.name(), name);
            assertEquals(24, struct.size(), name);
        }
        assertEquals(0, object.map("untyped").orElseThrow().recordTypeId(btf), "a ring buffer that names nothing");
        assertEquals(0, object.map("untyped").orElseThrow().valueTypeId());
    }
}
