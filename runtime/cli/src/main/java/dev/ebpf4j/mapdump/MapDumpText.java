package dev.ebpf4j.mapdump;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfValueFormatter;
import dev.ebpf4j.btf.PlainJsonWriter;

/**
 * The text of a map dump in bpftool's plain layout, built entry by entry.
 *
 * <p>With BTF (a value type id other than 0) the dump is one JSON-like array of
 * {@code {"key": ..., "value": ...}} objects, or {@code "values": [{"cpu": 0, "value": ...}, ...]}
 * for per-CPU maps. Without BTF each entry is {@code key: 01 00 00 00  value: 2a 00 ...} (on
 * separate lines when keys or values are long, with a line per CPU for per-CPU maps) and the dump
 * ends with {@code Found N elements}.
 *
 * <pre>{@code
 * MapDumpText text = MapDumpText.hex(new MapDumpText.Shape(false, 4, 4, 1));
 * text.entry(new byte[] {1, 0, 0, 0}, new byte[] {42, 0, 0, 0});
 * text.finish();   // "key: 01 00 00 00  value: 2a 00 00 00\nFound 1 element\n"
 * }</pre>
 */
public final class MapDumpText {
    /**
     * What a dump needs to know about the map.
     *
     * @param possibleCpus how many value slots a per-CPU value holds (ignored otherwise)
     */
    public record Shape(boolean perCpu, int keySize, int valueSize, int possibleCpus) {
        public Shape {
            if (keySize < 0 || valueSize < 0 || (perCpu && possibleCpus <= 0)) {
                throw new IllegalArgumentException("bad map shape: key " + keySize + ", value " + valueSize
                        + ", cpus " + possibleCpus);
            }
        }

        /** Bytes a value buffer holds: the value, or one 8-byte-aligned slot per possible CPU. */
        public int valueBufferSize() {
            return perCpu ? slot() * possibleCpus : valueSize;
        }

        int slot() {
            return (valueSize + 7) & ~7;
        }
    }

    private final Shape shape;
    private final BtfValueFormatter formatter;
    private final int keyTypeId;
    private final int valueTypeId;
    private final PlainJsonWriter json;
    private final StringBuilder plain = new StringBuilder();
    private int count;
    private boolean finished;

    private MapDumpText(Shape shape, Btf btf, int keyTypeId, int valueTypeId) {
        this.shape = shape;
        this.formatter = btf == null ? null : new BtfValueFormatter(btf);
        this.keyTypeId = keyTypeId;
        this.valueTypeId = valueTypeId;
        this.json = btf == null ? null : new PlainJsonWriter();
        if (json != null) {
            json.startArray();
        }
    }

    /** A dump of raw bytes, for maps without BTF. */
    public static MapDumpText hex(Shape shape) {
        return new MapDumpText(shape, null, 0, 0);
    }

    /**
     * A dump typed through {@code btf}; {@code keyTypeId} 0 leaves keys out, as bpftool does.
     *
     * @throws IllegalArgumentException if {@code valueTypeId} is 0 (use {@link #hex})
     */
    public static MapDumpText typed(Shape shape, Btf btf, int keyTypeId, int valueTypeId) {
        if (valueTypeId == 0) {
            throw new IllegalArgumentException("a typed dump needs a value type id");
        }
        return new MapDumpText(shape, java.util.Objects.requireNonNull(btf, "btf"), keyTypeId, valueTypeId);
    }

    /**
     * Adds one entry: {@code key} of the key size, {@code value} of {@link Shape#valueBufferSize()}.
     *
     * @throws dev.ebpf4j.btf.BtfException if the types do not fit the bytes
     */
    public void entry(byte[] key, byte[] value) {
        if (finished) {
            throw new IllegalStateException("the dump is finished");
        }
        if (key.length != shape.keySize() || value.length != shape.valueBufferSize()) {
            throw new IllegalArgumentException("entry of " + key.length + " + " + value.length + " bytes; the map's are "
                    + shape.keySize() + " + " + shape.valueBufferSize());
        }
        count++;
        if (json != null) {
            typedEntry(key, value);
        } else if (shape.perCpu()) {
            hexPerCpuEntry(key, value);
        } else {
            hexEntry(key, value);
        }
    }

    /** The text of the entries added since the last call. */
    public String take() {
        if (json != null) {
            return json.take();
        }
        String text = plain.toString();
        plain.setLength(0);
        return text;
    }

    /** The rest of the text, closing the dump: the array's end, or the count of elements. */
    public String finish() {
        if (!finished) {
            finished = true;
            if (json != null) {
                json.endArray();
                return json.take() + "\n";
            }
            plain.append("Found ").append(count).append(count == 1 ? " element" : " elements").append('\n');
        }
        return take();
    }

    /** How many entries were added. */
    public int count() {
        return count;
    }

    private void typedEntry(byte[] key, byte[] value) {
        json.startObject();
        if (keyTypeId != 0) {
            json.name("key");
            formatter.write(json, keyTypeId, key, 0);
        }
        if (!shape.perCpu()) {
            json.name("value");
            formatter.write(json, valueTypeId, value, 0);
        } else {
            json.name("values");
            json.startArray();
            for (int cpu = 0; cpu < shape.possibleCpus(); cpu++) {
                json.startObject();
                json.name("cpu");
                json.raw(String.valueOf(cpu));
                json.name("value");
                formatter.write(json, valueTypeId, java.util.Arrays.copyOfRange(value, cpu * shape.slot(),
                        cpu * shape.slot() + shape.valueSize()), 0);
                json.endObject();
            }
            json.endArray();
        }
        json.endObject();
    }

    private void hexEntry(byte[] key, byte[] value) {
        boolean breakNames = shape.keySize() > 16 || shape.valueSize() > 16;
        boolean singleLine = shape.keySize() + shape.valueSize() <= 24 && !breakNames;
        if (shape.keySize() > 0) {
            plain.append("key:").append(breakNames ? '\n' : ' ');
            hex(key, 0, key.length);
            plain.append(singleLine ? "  " : "\n");
        }
        if (shape.valueSize() > 0) {
            plain.append("value:").append(breakNames ? '\n' : ' ');
            hex(value, 0, value.length);
        }
        plain.append('\n');
    }

    private void hexPerCpuEntry(byte[] key, byte[] value) {
        if (shape.keySize() > 0) {
            plain.append("key:\n");
            hex(key, 0, key.length);
            plain.append('\n');
        }
        if (shape.valueSize() > 0) {
            for (int cpu = 0; cpu < shape.possibleCpus(); cpu++) {
                plain.append(String.format("value (CPU %02d):", cpu)).append(shape.valueSize() > 16 ? '\n' : ' ');
                hex(value, cpu * shape.slot(), shape.valueSize());
                plain.append('\n');
            }
        }
    }

    /** Two hex digits a byte, 16 bytes a line, an extra space after the eighth, as bpftool's fprint_hex. */
    private void hex(byte[] bytes, int from, int length) {
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                plain.append(i % 16 == 0 ? "\n" : i % 8 == 0 ? "  " : " ");
            }
            plain.append(Character.forDigit((bytes[from + i] >> 4) & 0xf, 16))
                    .append(Character.forDigit(bytes[from + i] & 0xf, 16));
        }
    }
}
