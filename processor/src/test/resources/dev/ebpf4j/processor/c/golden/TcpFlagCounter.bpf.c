/* TcpFlagCounter.java: dev.example.TcpFlagCounter, rendered as C by ebpf4j. */
#include "ebpf4j.h"

/* BpfPerCpuArray flagCounts */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 6);
	__type(key, __s32);
	__type(value, __s64);
} flagCounts SEC(".maps");

/* BpfPerCpuHashMap portCounts */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 1024);
	__type(key, __s32);
	__type(value, __s64);
} portCounts SEC(".maps");

static __always_inline void flagCounts_increment(__s32 key, __s64 delta)
{
	__s64 *value = bpf_map_lookup_elem(&flagCounts, &key);
	if (value != NULL)
		*value = (__s64)((__u64)*value + (__u64)delta);
}

static __always_inline void portCounts_increment(__s32 key, __s64 delta)
{
	__s64 *value = bpf_map_lookup_elem(&portCounts, &key);
	if (value != NULL) {
		*value = (__s64)((__u64)*value + (__u64)delta);
		return;
	}
	__s64 initial = delta;
	if (bpf_map_update_elem(&portCounts, &key, &initial, BPF_NOEXIST) == 0)
		return;
	/* Inserted by another CPU since the lookup, or the map is full. */
	value = bpf_map_lookup_elem(&portCounts, &key);
	if (value != NULL)
		*value = (__s64)((__u64)*value + (__u64)delta);
}

static __noinline void countSegment(struct Tcp *tcp);
static __noinline __s32 category(__s32 flags);

/* TcpFlagCounter.java:11: static XdpAction count(ctx) */
SEC("xdp")
int count(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct Ethernet *eth = xdp_ethernet(ctx); /* TcpFlagCounter.java:12 */
	if (eth == NULL) { /* TcpFlagCounter.java:13 */
		return 2; /* TcpFlagCounter.java:14 */
	}
	struct Ipv4 *ip4 = ethernet_ipv4(eth, data_end); /* TcpFlagCounter.java:15 */
	if (ip4 != NULL) { /* TcpFlagCounter.java:16 */
		struct Tcp *tcp = ipv4_tcp(ip4, data_end); /* TcpFlagCounter.java:17 */
		if (tcp != NULL) { /* TcpFlagCounter.java:18 */
			countSegment(tcp); /* TcpFlagCounter.java:19 */
		}
		return 2; /* TcpFlagCounter.java:20 */
	}
	struct Ipv6 *ip6 = ethernet_ipv6(eth, data_end); /* TcpFlagCounter.java:21 */
	if (ip6 != NULL) { /* TcpFlagCounter.java:22 */
		struct Tcp *tcp6 = ipv6_tcp(ip6, data_end); /* TcpFlagCounter.java:23 */
		if (tcp6 != NULL) { /* TcpFlagCounter.java:24 */
			countSegment(tcp6); /* TcpFlagCounter.java:25 */
		}
	}
	return 2; /* TcpFlagCounter.java:26 */
}

/* TcpFlagCounter.java:27: static void countSegment(...) */
static __noinline void countSegment(struct Tcp *tcp)
{
	flagCounts_increment(category(tcp_flags(tcp)), 1L); /* TcpFlagCounter.java:28 */
	portCounts_increment(tcp_destination_port(tcp), 1L); /* TcpFlagCounter.java:29 */
}

/* TcpFlagCounter.java:30: static int category(...) */
static __noinline __s32 category(__s32 flags)
{
	if ((flags & 4) != 0) { /* TcpFlagCounter.java:31 */
		return 4; /* TcpFlagCounter.java:32 */
	}
	if ((flags & 1) != 0) { /* TcpFlagCounter.java:33 */
		return 3; /* TcpFlagCounter.java:34 */
	}
	if ((flags & 2) != 0) { /* TcpFlagCounter.java:35 */
		return (flags & 16) != 0 ? 1 : 0; /* TcpFlagCounter.java:36 */
	}
	if ((flags & 16) != 0) { /* TcpFlagCounter.java:37 */
		return 2; /* TcpFlagCounter.java:38 */
	}
	return 5; /* TcpFlagCounter.java:39 */
}

char LICENSE[] SEC("license") = "GPL";
