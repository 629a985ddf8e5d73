/* ControlFlow.java: dev.example.ControlFlow, rendered as C by ebpf4j. */
#include "ebpf4j.h"

/* BpfArray inputs */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __s32);
	__type(value, __s64);
} inputs SEC(".maps");

/* BpfArray results */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __s32);
	__type(value, __s64);
} results SEC(".maps");

static __always_inline __s64 *inputs_get(__s32 key)
{
	return bpf_map_lookup_elem(&inputs, &key);
}

static __always_inline bool results_put(__s32 key, __s64 value)
{
	return bpf_map_update_elem(&results, &key, &value, BPF_ANY) == 0;
}

/* ControlFlow.java:11: static XdpAction run(ctx) */
SEC("xdp")
int run(struct xdp_md *ctx)
{
	__s64 *input = inputs_get(0); /* ControlFlow.java:12 */
	if (input == NULL) { /* ControlFlow.java:13 */
		return 0; /* ControlFlow.java:14 */
	}
	__s32 n = (__s32)*input; /* ControlFlow.java:15 */
	if (n < 0 || n > 20) { /* ControlFlow.java:16 */
		return 0; /* ControlFlow.java:17 */
	}
	__s32 sum = 0; /* ControlFlow.java:18 */
	__s32 i = 0; /* ControlFlow.java:19 */
	for (; i < n; i = (__s32)((__u32)i + 1)) { /* ControlFlow.java:20 */
		if (i == 3) { /* ControlFlow.java:21 */
			continue; /* ControlFlow.java:22 */
		}
		if (i == 8) { /* ControlFlow.java:23 */
			break; /* ControlFlow.java:24 */
		}
		sum = (__s32)((__u32)sum + i); /* ControlFlow.java:25 */
	}
	results_put(0, (__s64)sum); /* ControlFlow.java:27 */
	__s32 pairs = 0; /* ControlFlow.java:28 */
	i = 0; /* ControlFlow.java:29 */
	for (; i < 5; i = (__s32)((__u32)i + 1)) { /* ControlFlow.java:30 */
		__s32 j = 0; /* ControlFlow.java:31 */
		for (; j < 5; j = (__s32)((__u32)j + 1)) { /* ControlFlow.java:32 */
			if (j > i) { /* ControlFlow.java:33 */
				goto outer_continue; /* ControlFlow.java:34 */
			}
			if ((__u32)i + j == n) { /* ControlFlow.java:35 */
				goto outer_break; /* ControlFlow.java:36 */
			}
			pairs = (__s32)((__u32)pairs + 1); /* ControlFlow.java:37 */
		}
	outer_continue: ;
	}
outer_break: ;
	results_put(1, (__s64)pairs); /* ControlFlow.java:40 */
	__s32 k = 0; /* ControlFlow.java:41 */
	do { /* ControlFlow.java:42 */
		k = (__s32)((__u32)k + 3); /* ControlFlow.java:43 */
	} while (k < n);
	results_put(2, (__s64)k); /* ControlFlow.java:44 */
	__s32 steps = 0; /* ControlFlow.java:45 */
	for (;;) { /* ControlFlow.java:46 */
		steps = (__s32)((__u32)steps + 1); /* ControlFlow.java:47 */
		if ((__s32)((__u32)steps * steps) > n) { /* ControlFlow.java:48 */
			break; /* ControlFlow.java:49 */
		}
	}
	results_put(3, (__s64)steps); /* ControlFlow.java:50 */
	__s32 block = 0; /* ControlFlow.java:51 */
	{ /* ControlFlow.java:52 */
		block = 1; /* ControlFlow.java:53 */
		if (n > 5) { /* ControlFlow.java:54 */
			goto found_break; /* ControlFlow.java:55 */
		}
		block = 2; /* ControlFlow.java:56 */
	found_break: ;
	}
	results_put(4, (__s64)block); /* ControlFlow.java:57 */
	__s32 kind; /* ControlFlow.java:58 */
	if (n == 0) { /* ControlFlow.java:59 */
		kind = 10; /* ControlFlow.java:60 */
	} else if (n < 5) { /* ControlFlow.java:61 */
		kind = 20; /* ControlFlow.java:62 */
	} else if (n < 10) { /* ControlFlow.java:63 */
		kind = 30; /* ControlFlow.java:64 */
	} else {
		kind = 40; /* ControlFlow.java:65 */
	}
	results_put(5, (__s64)kind); /* ControlFlow.java:66 */
	__s32 m = 0; /* ControlFlow.java:67 */
	__s32 odd = 0; /* ControlFlow.java:68 */
	while (m < n) { /* ControlFlow.java:69 */
		if ((m & 1) == 0) { /* ControlFlow.java:70 */
			goto loop4_continue; /* ControlFlow.java:71 */
		}
		odd = (__s32)((__u32)odd + 100); /* ControlFlow.java:72 */
	loop4_continue: ;
		{ /* ControlFlow.java:73 */
			odd = (__s32)((__u32)odd + (m & 1)); /* ControlFlow.java:74 */
			m = (__s32)((__u32)m + 1); /* ControlFlow.java:75 */
		}
	}
	results_put(6, (__s64)odd); /* ControlFlow.java:76 */
	return 2; /* ControlFlow.java:77 */
}

char LICENSE[] SEC("license") = "GPL";
