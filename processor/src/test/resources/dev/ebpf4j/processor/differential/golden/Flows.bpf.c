/* Flows.java: calls.Flows, rendered as C by ebpf4j. */
#include "ebpf4j.h"

/* BpfHashMap packets */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __s64);
	__type(value, __s64);
} packets SEC(".maps");

/* BpfArray totals */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __s32);
	__type(value, __s64);
} totals SEC(".maps");

static __always_inline __s64 *packets_get(__s64 key)
{
	return bpf_map_lookup_elem(&packets, &key);
}

static __always_inline bool packets_put(__s64 key, __s64 value)
{
	return bpf_map_update_elem(&packets, &key, &value, BPF_ANY) == 0;
}

static __always_inline __s64 *totals_get(__s32 key)
{
	return bpf_map_lookup_elem(&totals, &key);
}

static __always_inline bool totals_put(__s32 key, __s64 value)
{
	return bpf_map_update_elem(&totals, &key, &value, BPF_ANY) == 0;
}

static __noinline __s32 protocolOf(struct xdp_md *ctx);
static __noinline __s64 flowKey(__s32 source, __s32 destination, __s32 sourcePort, __s32 destinationPort);
static __noinline void count(__s64 key, __s32 bytes);
static __noinline __s32 decide(struct xdp_md *ctx, __s64 key, __s32 protocol);

/* Flows.java:52: @Xdp */
SEC("xdp")
int flows(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	__s32 protocol = protocolOf(ctx); /* Flows.java:54 */
	if (protocol < 0) { /* Flows.java:55 */
		return 2;
	}
	struct Ethernet *eth = xdp_ethernet(ctx); /* Flows.java:56 */
	if (eth == NULL) { /* Flows.java:57 */
		return 2;
	}
	struct Ipv4 *ip = ethernet_ipv4(eth, data_end); /* Flows.java:58 */
	if (ip == NULL) { /* Flows.java:59 */
		return 2;
	}
	struct Tcp *tcp = ipv4_tcp(ip, data_end); /* Flows.java:60 */
	if (tcp != NULL) { /* Flows.java:61 */
		__s64 forward = flowKey(ipv4_source(ip), ipv4_destination(ip), tcp_source_port(tcp), tcp_destination_port(tcp)); /* Flows.java:62 */
		count(forward, xdp_length(ctx)); /* Flows.java:63 */
		if (tcp_syn(tcp)) { /* Flows.java:64 */
			__s64 flowKey_result = flowKey(ipv4_destination(ip), ipv4_source(ip), (__s32)((__u32)tcp_destination_port(tcp) + 1), tcp_source_port(tcp));
			count(flowKey_result, 0);
		}
		__s32 decide_result = decide(ctx, forward, protocol); /* Flows.java:65 */
		return decide_result;
	}
	struct Udp *udp = ipv4_udp(ip, data_end); /* Flows.java:67 */
	if (udp != NULL) { /* Flows.java:68 */
		__s64 key = flowKey(ipv4_source(ip), ipv4_destination(ip), udp_source_port(udp), udp_destination_port(udp)); /* Flows.java:69 */
		count(key, xdp_length(ctx)); /* Flows.java:70 */
		if (udp_destination_port(udp) == 53) { /* Flows.java:71 */
			__s64 flowKey_result_1 = flowKey(0, 0, 53, udp_source_port(udp));
			count(flowKey_result_1, 1);
		}
		__s32 decide_result_1 = decide(ctx, key, protocol); /* Flows.java:72 */
		return decide_result_1;
	}
	return 2; /* Flows.java:74 */
}

/* Flows.java:22: @NoInline */
static __noinline __s32 protocolOf(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct Ethernet *eth = xdp_ethernet(ctx); /* Flows.java:24 */
	if (eth == NULL) { /* Flows.java:25 */
		return -1;
	}
	struct Ipv4 *ip = ethernet_ipv4(eth, data_end); /* Flows.java:26 */
	if (ip == NULL) { /* Flows.java:27 */
		return -1;
	}
	return ipv4_protocol(ip); /* Flows.java:28 */
}

/* Flows.java:11: static long flowKey(int source, int destination, int sourcePort, int destinationPort) { */
static __noinline __s64 flowKey(__s32 source, __s32 destination, __s32 sourcePort, __s32 destinationPort)
{
	__s32 a = source < destination ? source : destination; /* Flows.java:12 */
	__s32 b = source < destination ? destination : source; /* Flows.java:13 */
	__s32 low = sourcePort < destinationPort ? sourcePort : destinationPort; /* Flows.java:14 */
	__s32 high = sourcePort < destinationPort ? destinationPort : sourcePort; /* Flows.java:15 */
	__s64 h = (__s64)((__u64)a * 2654435761L) ^ (__s64)((__u64)b << 17) ^ (__s64)(__s32)((__u32)b >> 3); /* Flows.java:16 */
	h = h ^ ((__s64)((__u64)low << 32) | (__s64)high); /* Flows.java:17 */
	h = (__s64)((__u64)h * 31L + ((__u64)h >> 29)); /* Flows.java:18 */
	return h & 63L; /* Flows.java:19 */
}

/* Flows.java:31: @NoInline */
static __noinline void count(__s64 key, __s32 bytes)
{
	__s64 *seen_ptr = packets_get(key); /* Flows.java:33 */
	bool seen_present = seen_ptr != NULL;
	__s64 seen = 0L;
	if (seen_ptr != NULL) {
		seen = *seen_ptr;
	}
	packets_put(key, !seen_present ? 1L : (__s64)((__u64)seen + 1L)); /* Flows.java:34 */
	__s64 *total_ptr = totals_get(bytes > 100 ? 1 : 0); /* Flows.java:35 */
	bool total_present = total_ptr != NULL;
	__s64 total = 0L;
	if (total_ptr != NULL) {
		total = *total_ptr;
	}
	totals_put(bytes > 100 ? 1 : 0, (__s64)((__u64)(!total_present ? 0L : total) + (__u64)bytes)); /* Flows.java:36 */
}

/* Flows.java:39: @NoInline */
static __noinline __s32 decide(struct xdp_md *ctx, __s64 key, __s32 protocol)
{
	if (key == 7L && protocol == 17) { /* Flows.java:41 */
		return 1;
	}
	__s64 flowKey_result = flowKey(protocol, xdp_length(ctx), 1, 2); /* Flows.java:42 */
	if (flowKey_result == key) {
		return 3;
	}
	if (xdp_length(ctx) > 200 && (key & 1L) == 1L) { /* Flows.java:43 */
		return 1;
	}
	return 2; /* Flows.java:44 */
}

char LICENSE[] SEC("license") = "GPL";
