# An XDP program in LLVM's BPF assembly syntax: drops IPv4 TCP segments to port 23 (telnet),
# passes everything else. bin/demo assembles it with `ebpf4j asm` and test-runs it in the kernel.
        .section xdp
        .globl drop_telnet
drop_telnet:
        r2 = *(u32 *)(r1 + 0)           # ctx->data
        r3 = *(u32 *)(r1 + 4)           # ctx->data_end
        r0 = 2                          # XDP_PASS
        r4 = r2
        r4 += 54                        # Ethernet (14) + IPv4 without options (20) + TCP (20)
        if r4 > r3 goto out             # the bounds check the verifier wants
        r4 = *(u16 *)(r2 + 12)          # EtherType, network byte order
        if r4 != 8 goto out             # 0x0800 (IPv4) read little-endian
        r4 = *(u8 *)(r2 + 14)           # IPv4 version and header length
        if r4 != 69 goto out            # 0x45: version 4, no options
        r4 = *(u8 *)(r2 + 23)           # IPv4 protocol
        if r4 != 6 goto out             # TCP
        r4 = *(u16 *)(r2 + 36)          # TCP destination port
        r4 = be16 r4
        if r4 != 23 goto out
        r0 = 1                          # XDP_DROP
out:
        exit
