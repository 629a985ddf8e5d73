package dev.ebpf4j.processor.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code ebpf4j.h} on its own: it compiles, and its contexts have the running kernel's layout. */
class HeaderTest {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    @Test
    void theHeaderIsAResourceAndCompilesAlone() {
        String header = CRenderer.header();
        assertTrue(header.contains("struct __sk_buff {"));
        Clang.compile("header", "#include \"ebpf4j.h\"\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
    }

    @Test
    void theContextStructsHaveTheKernelsOffsets() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(VMLINUX), "skipped: the kernel has no BTF at " + VMLINUX);
        ExternalTool bpftool = ExternalTool.require("bpftool");
        Path object = Clang.compile("contexts", """
                #include "ebpf4j.h"
                struct xdp_md xdp_layout;
                struct __sk_buff skb_layout;
                char LICENSE[] SEC("license") = "GPL";
                """);
        String ours = bpftool.run("btf", "dump", "file", object.toString()).stdout();
        String kernel = bpftool.run("btf", "dump", "file", VMLINUX.toString()).stdout();
        for (String struct : new String[] {"xdp_md", "__sk_buff"}) {
            Map<String, Integer> declared = members(ours, struct);
            Map<String, Integer> actual = members(kernel, struct);
            assertTrue(declared.size() >= 6, struct + " has its fields in our BTF: " + declared);
            for (Map.Entry<String, Integer> member : declared.entrySet()) {
                assertEquals(actual.get(member.getKey()), member.getValue(), struct + "." + member.getKey() + " bit offset");
            }
        }
    }

    /** Member name to bit offset of {@code STRUCT 'name'} in bpftool's raw dump. */
    private static Map<String, Integer> members(String dump, String name) {
        Map<String, Integer> members = new LinkedHashMap<>();
        int start = dump.indexOf("STRUCT '" + name + "' ");
        assertTrue(start >= 0, "no struct " + name);
        Pattern member = Pattern.compile("^\\t'(\\w+)' type_id=\\d+ bits_offset=(\\d+)", Pattern.MULTILINE);
        String rest = dump.substring(dump.indexOf('\n', start) + 1);
        Matcher matcher = member.matcher(rest);
        int position = 0;
        while (matcher.find() && matcher.start() == position) {
            members.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
            position = rest.indexOf('\n', matcher.start()) + 1;
        }
        return members;
    }
}
