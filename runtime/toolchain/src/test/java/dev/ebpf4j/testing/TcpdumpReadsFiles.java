package dev.ebpf4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a jqwik property, saying why, where tcpdump cannot read a capture file: it is missing, or,
 * run as root, it cannot give up root for its own user (no CAP_SETUID/CAP_SETGID), which it does
 * even to read a file. jqwik counts an assumption failing inside a property as a rejected try, so a
 * property needs this hook where a Jupiter test uses {@link ExternalTool#runGivingUpRoot}.
 */
public final class TcpdumpReadsFiles implements SkipExecutionHook {
    private static final Optional<String> WHY_NOT = probe();

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        if (WHY_NOT.isEmpty()) return SkipResult.doNotSkip();
        System.err.println(context.label() + " " + WHY_NOT.get());
        return SkipResult.skip(WHY_NOT.get());
    }

    /** Reads an empty capture: why tcpdump cannot, or nothing if it can. */
    private static Optional<String> probe() {
        Optional<ExternalTool> tcpdump = ExternalTool.find("tcpdump");
        if (tcpdump.isEmpty()) return Optional.of("skipped: tcpdump is not on the PATH (install it to run this test)");
        try {
            Path pcap = Files.createTempFile("ebpf4j-probe", ".pcap");
            try {
                // the pcap file header alone: magic, version 2.4, no zone or accuracy, snapshot length, Ethernet
                ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
                Files.write(pcap, header.array());
                ExternalTool.Result result = tcpdump.get().runAllowingFailure(List.of("-r", pcap.toString()));
                return result.couldNotGiveUpRoot() ? Optional.of(ExternalTool.cannotGiveUpRoot("tcpdump")) : Optional.empty();
            } finally {
                Files.deleteIfExists(pcap);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
