//! The allocator: the system's, asking Linux for transparent huge pages (2 MiB) for large blocks.
//!
//! A 10 M-row case allocates a few GB in large blocks (the cells polars reads, the coded columns,
//! the sort buffers), and every 4 KiB page of them costs a page fault the first time it is touched:
//! about a quarter of a run's time went to the kernel on a 2-core virtual machine. Huge pages cut
//! those faults by 512. `madvise(MADV_HUGEPAGE)` is only advice (it matters where the system's
//! setting is `madvise`, the default of many distributions, and does nothing where it is `never`),
//! and small blocks are left alone.

use std::alloc::{GlobalAlloc, Layout, System};

/// Blocks from this size on are advised to use huge pages.
const LARGE: usize = 4 << 20;
const HUGE_PAGE: usize = 2 << 20;

/// The system allocator, advising huge pages for blocks of 4 MiB and more.
pub struct HugePages;

/// Advises huge pages for the whole huge pages inside `[ptr, ptr + size)`.
fn advise(ptr: *mut u8, size: usize) {
    #[cfg(target_os = "linux")]
    {
        let start = (ptr as usize).next_multiple_of(HUGE_PAGE);
        let end = (ptr as usize + size) / HUGE_PAGE * HUGE_PAGE;
        if end > start {
            // SAFETY: the range lies inside a block we were just given; madvise only advises.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (ptr, size);
}

// SAFETY: every call is passed to the system allocator unchanged; advice changes no memory.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's promises about `layout` are passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && layout.size() >= LARGE {
            advise(p, layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for alloc.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() && layout.size() >= LARGE {
            advise(p, layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for alloc.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for alloc.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && new_size >= LARGE {
            advise(p, new_size);
        }
        p
    }
}

/// Keeps glibc's threshold for giving large blocks their own mapping at its default (128 KiB),
/// instead of letting it rise to the size of the largest block freed so far.
///
/// glibc raises the threshold each time a mapped block is freed; after one 2 MiB buffer is freed
/// early (a pass over the input), every later block up to that size comes from the heap, and the
/// memory of such blocks stays resident after they are freed: the report's peak on 1 M rows was
/// 365 MB with the rising threshold and 239 MB with it kept, in the same time. Called once, first
/// thing in `main`.
pub fn keep_mmap_threshold() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; no block is touched.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
    }
}
