/**
 * Programs on network interfaces: XDP (by BPF link, or netlink where the kernel has no XDP links)
 * and tc (by TCX link, or a cls_bpf filter on clsact where the kernel has no TCX), as
 * {@link dev.ebpf4j.links.Attachment}s that say what they are, can be pinned, updated and
 * detached, and never remove what someone else attached.
 *
 * <p>It builds on {@code dev.ebpf4j.programs} and the system-call package; it knows nothing of
 * object files, the loader or skeletons.
 */
package dev.ebpf4j.links;
