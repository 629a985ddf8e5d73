package dev.ebpf4j.links;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One program found on a hook of an interface, whoever attached it: what {@code bpftool net}
 * lists.
 *
 * @param programName the program's name, empty if it could not be read
 * @param mode for XDP, the mode it runs in
 * @param linkId the BPF link holding it, if one does
 * @param priority for a cls_bpf filter, its priority ({@code pref})
 * @param handle for a cls_bpf filter, its handle
 */
public record AttachedProgram(NetworkDevice device, Hook hook, int programId, String programName, Mechanism mechanism,
                              Optional<XdpMode> mode, OptionalInt linkId, OptionalInt priority, OptionalInt handle) {
    /** One line, as {@code ebpf4j net} prints it. */
    public String describe() {
        StringBuilder line = new StringBuilder();
        line.append(device.name()).append(" (ifindex ").append(device.index()).append(") ")
                .append(hook.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(": program ").append(programId);
        if (!programName.isEmpty()) {
            line.append(" '").append(programName).append("'");
        }
        mode.ifPresent(m -> line.append(", ").append(m.name().toLowerCase(Locale.ROOT)).append(" mode"));
        if (linkId.isPresent()) {
            line.append(", ").append(hook == Hook.XDP ? "BPF link " : "TCX link ").append(linkId.getAsInt());
        } else if (priority.isPresent()) {
            line.append(", cls_bpf filter pref ").append(priority.getAsInt()).append(" handle 0x")
                    .append(Integer.toHexString(handle.orElse(0))).append(" (netlink)");
        } else {
            line.append(", netlink");
        }
        return line.toString();
    }
}
