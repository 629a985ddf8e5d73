package dev.ebpf4j.btf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The string section being written: each distinct string once, in order of first use, the empty
 * string at offset 0. .BTF.ext's section names and line-info strings go into the same table.
 */
final class StringTable {
    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    StringTable() {
        add("");
    }

    /** The offset of {@code s}, adding it on first use. */
    int add(String s) {
        Integer known = offsets.get(s);
        if (known != null) {
            return known;
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a BTF string cannot contain NUL: \"" + s.replace("\0", "\\0") + "\"");
        }
        int offset = bytes.size();
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        bytes.write(0);
        offsets.put(s, offset);
        return offset;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
