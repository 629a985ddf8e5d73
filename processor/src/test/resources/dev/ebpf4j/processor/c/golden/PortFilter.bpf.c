/* PortFilter.java: dev.example.PortFilter, rendered as C by ebpf4j. */
#include "ebpf4j.h"

/* BpfHashMap blockedPorts */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __s32);
	__type(value, __s64);
} blockedPorts SEC(".maps");

/* BpfArray dropped */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __s32);
	__type(value, __s64);
} dropped SEC(".maps");

static __always_inline __s64 *blockedPorts_get(__s32 key)
{
	return bpf_map_lookup_elem(&blockedPorts, &key);
}

static __always_inline void blockedPorts_increment(__s32 key, __s64 delta)
{
	__s64 *value = bpf_map_lookup_elem(&blockedPorts, &key);
	if (value != NULL) {
		__sync_fetch_and_add(value, delta);
		return;
	}
	__s64 initial = delta;
	if (bpf_map_update_elem(&blockedPorts, &key, &initial, BPF_NOEXIST) == 0)
		return;
	/* Inserted by another CPU since the lookup, or the map is full. */
	value = bpf_map_lookup_elem(&blockedPorts, &key);
	if (value != NULL)
		__sync_fetch_and_add(value, delta);
}

static __always_inline void dropped_increment(__s32 key, __s64 delta)
{
	__s64 *value = bpf_map_lookup_elem(&dropped, &key);
	if (value != NULL)
		__sync_fetch_and_add(value, delta);
}

/* PortFilter.java:11: static XdpAction filter(ctx) */
SEC("xdp")
int filter(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct Ethernet *eth = xdp_ethernet(ctx); /* PortFilter.java:12 */
	if (eth == NULL) { /* PortFilter.java:13 */
		return 2; /* PortFilter.java:14 */
	}
	__s32 port = -1; /* PortFilter.java:15 */
	struct Ipv4 *ip4 = ethernet_ipv4(eth, data_end); /* PortFilter.java:16 */
	if (ip4 != NULL) { /* PortFilter.java:17 */
		struct Tcp *tcp = ipv4_tcp(ip4, data_end); /* PortFilter.java:18 */
		if (tcp != NULL) { /* PortFilter.java:19 */
			port = tcp_destination_port(tcp); /* PortFilter.java:20 */
		}
	} else {
		struct Ipv6 *ip6 = ethernet_ipv6(eth, data_end); /* PortFilter.java:21 */
		if (ip6 != NULL) { /* PortFilter.java:22 */
			struct Tcp *tcp6 = ipv6_tcp(ip6, data_end); /* PortFilter.java:23 */
			if (tcp6 != NULL) { /* PortFilter.java:24 */
				port = tcp_destination_port(tcp6); /* PortFilter.java:25 */
			}
		}
	}
	if (port < 0) { /* PortFilter.java:26 */
		return 2; /* PortFilter.java:27 */
	}
	__s64 *drops = blockedPorts_get(port); /* PortFilter.java:28 */
	if (drops == NULL) { /* PortFilter.java:29 */
		return 2; /* PortFilter.java:30 */
	}
	blockedPorts_increment(port, 1L); /* PortFilter.java:31 */
	dropped_increment(0, 1L); /* PortFilter.java:32 */
	return 1; /* PortFilter.java:33 */
}

char LICENSE[] SEC("license") = "GPL";
