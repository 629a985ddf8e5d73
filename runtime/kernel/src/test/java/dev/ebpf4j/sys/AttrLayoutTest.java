package dev.ebpf4j.sys;

import dev.ebpf4j.testing.ExternalTool;
import org.junit.jupiter.api.Test;

import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our attr layouts agree with the C compiler's reading of the installed {@code <linux/bpf.h>}: the
 * offsets are compiled and printed by clang-19, then compared. Only fields that header has are
 * checked (it may be older than our newest fields).
 */
class AttrLayoutTest {
    @Test
    void offsetsMatchTheKernelHeader() throws Exception {
        String clang = ExternalTool.require("clang-19").executable().toString();
        Map<String, Long> ours = new LinkedHashMap<>();
        put(ours, "union bpf_attr", "map_extra", Attr.MapCreate.LAYOUT, "map_extra");
        put(ours, "union bpf_attr", "map_name", Attr.MapCreate.LAYOUT, "map_name");
        put(ours, "union bpf_attr", "btf_value_type_id", Attr.MapCreate.LAYOUT, "btf_value_type_id");
        put(ours, "union bpf_attr", "flags", Attr.MapElem.LAYOUT, "flags");
        put(ours, "union bpf_attr", "next_key", Attr.MapElem.LAYOUT, "value_or_next_key");
        put(ours, "union bpf_attr", "batch.count", Attr.MapBatch.LAYOUT, "count");
        put(ours, "union bpf_attr", "batch.elem_flags", Attr.MapBatch.LAYOUT, "elem_flags");
        put(ours, "union bpf_attr", "prog_name", Attr.ProgLoad.LAYOUT, "prog_name");
        put(ours, "union bpf_attr", "expected_attach_type", Attr.ProgLoad.LAYOUT, "expected_attach_type");
        put(ours, "union bpf_attr", "line_info_cnt", Attr.ProgLoad.LAYOUT, "line_info_cnt");
        put(ours, "union bpf_attr", "core_relo_rec_size", Attr.ProgLoad.LAYOUT, "core_relo_rec_size");
        put(ours, "union bpf_attr", "file_flags", Attr.Obj.LAYOUT, "file_flags");
        put(ours, "union bpf_attr", "test.duration", Attr.TestRun.LAYOUT, "duration");
        put(ours, "union bpf_attr", "test.ctx_out", Attr.TestRun.LAYOUT, "ctx_out");
        put(ours, "union bpf_attr", "test.batch_size", Attr.TestRun.LAYOUT, "batch_size");
        put(ours, "union bpf_attr", "open_flags", Attr.GetId.LAYOUT, "open_flags");
        put(ours, "union bpf_attr", "info.info", Attr.Info.LAYOUT, "info");
        put(ours, "union bpf_attr", "btf_log_level", Attr.BtfLoad.LAYOUT, "btf_log_level");
        put(ours, "union bpf_attr", "link_create.flags", Attr.LinkCreate.LAYOUT, "flags");
        put(ours, "union bpf_attr", "link_update.old_prog_fd", Attr.LinkUpdate.LAYOUT, "old_prog_fd");
        put(ours, "struct bpf_prog_info", "name", Attr.ProgInfo.LAYOUT, "name");
        put(ours, "struct bpf_prog_info", "netns_dev", Attr.ProgInfo.LAYOUT, "netns_dev");
        put(ours, "struct bpf_prog_info", "verified_insns", Attr.ProgInfo.LAYOUT, "verified_insns");
        put(ours, "struct bpf_prog_info", "attach_btf_id", Attr.ProgInfo.LAYOUT, "attach_btf_id");
        put(ours, "struct bpf_map_info", "btf_value_type_id", Attr.MapInfo.LAYOUT, "btf_value_type_id");
        put(ours, "struct bpf_map_info", "map_extra", Attr.MapInfo.LAYOUT, "map_extra");
        ours.put("sizeof(struct bpf_prog_info)", Attr.ProgInfo.LAYOUT.byteSize());
        ours.put("sizeof(struct bpf_map_info)", Attr.MapInfo.LAYOUT.byteSize());

        StringBuilder c = new StringBuilder("#include <stddef.h>\n#include <stdio.h>\n#include <linux/bpf.h>\nint main(void) {\n");
        for (String expr : ours.keySet()) {
            c.append("  printf(\"%s=%zu\\n\", \"").append(expr).append("\", (size_t) ").append(expr).append(");\n");
        }
        c.append("  return 0;\n}\n");
        Path dir = Files.createTempDirectory("ebpf4j-attr");
        try {
            Path source = Files.writeString(dir.resolve("offsets.c"), c);
            Path binary = dir.resolve("offsets");
            run(clang, "-o", binary.toString(), source.toString());
            Map<String, Long> theirs = new LinkedHashMap<>();
            for (String line : run(binary.toString()).lines().toList()) {
                int eq = line.lastIndexOf('=');
                theirs.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
            }
            assertEquals(theirs, ours);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static void put(Map<String, Long> map, String type, String member, StructLayout layout, String field) {
        map.put("offsetof(" + type + ", " + member + ")", Attr.offset(layout, field));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }
}
