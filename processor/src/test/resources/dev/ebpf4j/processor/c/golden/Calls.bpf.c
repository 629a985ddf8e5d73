/* Calls.java: dev.example.Calls, rendered as C by ebpf4j. */
#include "ebpf4j.h"

/* BpfArray results */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __s32);
	__type(value, __s64);
} results SEC(".maps");

static __always_inline bool results_put(__s32 key, __s64 value)
{
	return bpf_map_update_elem(&results, &key, &value, BPF_ANY) == 0;
}

static __noinline __s32 tcpPort(struct Ethernet *eth, void *data_end);
static __noinline __s64 mix(__s64 a, __s64 b);
static __noinline bool isWeb(__s32 port);
static __noinline void record(__s32 slot, __s64 value);
static __noinline __s32 lengthOf(struct xdp_md *context);

/* Calls.java:11: static XdpAction run(ctx) */
SEC("xdp")
int run(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct Ethernet *eth = xdp_ethernet(ctx); /* Calls.java:12 */
	if (eth == NULL) { /* Calls.java:13 */
		return 2; /* Calls.java:14 */
	}
	__s32 port = tcpPort(eth, data_end); /* Calls.java:15 */
	record(0, (__s64)port); /* Calls.java:16 */
	record(1, mix(20015998343868L, (__s64)port)); /* Calls.java:17 */
	if (isWeb(port)) { /* Calls.java:18 */
		return 1; /* Calls.java:19 */
	}
	return lengthOf(ctx); /* Calls.java:20 */
}

/* Calls.java:21: static int tcpPort(...) */
static __noinline __s32 tcpPort(struct Ethernet *eth, void *data_end)
{
	struct Ipv4 *ip = ethernet_ipv4(eth, data_end); /* Calls.java:22 */
	if (ip == NULL) { /* Calls.java:23 */
		return -1; /* Calls.java:24 */
	}
	struct Tcp *tcp = ipv4_tcp(ip, data_end); /* Calls.java:25 */
	if (tcp == NULL) { /* Calls.java:26 */
		return -1; /* Calls.java:27 */
	}
	return tcp_destination_port(tcp); /* Calls.java:28 */
}

/* Calls.java:29: static long mix(...) */
static __noinline __s64 mix(__s64 a, __s64 b)
{
	return (__s64)((__u64)a * 31L) ^ (__s64)((__u64)b >> 3); /* Calls.java:30 */
}

/* Calls.java:31: static boolean isWeb(...) */
static __noinline bool isWeb(__s32 port)
{
	return port == 80 || port == 443; /* Calls.java:32 */
}

/* Calls.java:33: static void record(...) */
static __noinline void record(__s32 slot, __s64 value)
{
	results_put(slot, value); /* Calls.java:34 */
	return; /* Calls.java:35 */
}

/* Calls.java:36: static int lengthOf(...) */
static __noinline __s32 lengthOf(struct xdp_md *context)
{
	return xdp_length(context) > 100 ? 3 : 2; /* Calls.java:37 */
}

char LICENSE[] SEC("license") = "GPL";
