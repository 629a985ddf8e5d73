package dev.ebpf4j.mapdump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import org.junit.jupiter.api.Test;

/** The plain layouts of bpftool map dump, as bpftool 7.1 printed them for the same bytes. */
class MapDumpTextTest {
    private static byte[] counting(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i + 1);
        }
        return bytes;
    }

    @Test
    void shortEntriesShareOneLine() {
        MapDumpText text = MapDumpText.hex(new MapDumpText.Shape(false, 8, 16, 1));
        text.entry(counting(8), counting(16));
        assertEquals("key: 01 02 03 04 05 06 07 08  value: 01 02 03 04 05 06 07 08  09 0a 0b 0c 0d 0e 0f 10\n"
                + "Found 1 element\n", text.finish());
    }

    @Test
    void longKeysAndValuesBreakAfterTheirNamesAndEverySixteenBytes() {
        MapDumpText text = MapDumpText.hex(new MapDumpText.Shape(false, 20, 24, 1));
        text.entry(counting(20), counting(24));
        assertEquals("""
                key:
                01 02 03 04 05 06 07 08  09 0a 0b 0c 0d 0e 0f 10
                11 12 13 14
                value:
                01 02 03 04 05 06 07 08  09 0a 0b 0c 0d 0e 0f 10
                11 12 13 14 15 16 17 18
                Found 1 element
                """, text.finish());
    }

    @Test
    void perCpuValuesGetALineEachFromTheirAlignedSlots() {
        MapDumpText text = MapDumpText.hex(new MapDumpText.Shape(true, 4, 4, 2));
        text.entry(new byte[4], new byte[] {1, 0, 0, 0, 9, 9, 9, 9, 2, 0, 0, 0, 9, 9, 9, 9});
        assertEquals("""
                key:
                00 00 00 00
                value (CPU 00): 01 00 00 00
                value (CPU 01): 02 00 00 00
                Found 1 element
                """, text.finish());
    }

    @Test
    void emptyDumps() {
        assertEquals("Found 0 elements\n", MapDumpText.hex(new MapDumpText.Shape(false, 4, 4, 1)).finish());
        Btf.Builder b = Btf.builder();
        int u32 = b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        assertEquals("[]\n", MapDumpText.typed(new MapDumpText.Shape(false, 4, 4, 1), b.build(), u32, u32).finish());
    }

    @Test
    void typedPerCpuEntriesListEachCpu() {
        Btf.Builder b = Btf.builder();
        int u32 = b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        MapDumpText text = MapDumpText.typed(new MapDumpText.Shape(true, 4, 4, 2), b.build(), u32, u32);
        text.entry(new byte[] {1, 0, 0, 0}, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0});
        text.entry(new byte[] {2, 0, 0, 0}, new byte[16]);
        assertEquals("""
                [{
                        "key": 1,
                        "values": [{
                                "cpu": 0,
                                "value": 1
                            },{
                                "cpu": 1,
                                "value": 2
                            }
                        ]
                    },{
                        "key": 2,
                        "values": [{
                                "cpu": 0,
                                "value": 0
                            },{
                                "cpu": 1,
                                "value": 0
                            }
                        ]
                    }
                ]
                """, text.take() + text.finish());
    }
}
