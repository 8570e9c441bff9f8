package io.tunstack.device;

import jnr.ffi.Pointer;

import jnr.ffi.Struct;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Variadic;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.ffi.types.u_int32_t;
import jnr.ffi.types.u_int64_t;

/**
 * The few C library functions the device needs, one Java method per C function, C types as annotations.
 *
 * <p>Buffers are passed as raw memory addresses ({@code @intptr_t long}): a direct {@code ByteBuf}'s
 * {@code memoryAddress()} or a preallocated block of native memory. jnr-ffi then passes a plain integer, with no copy
 * and no allocation per call. Every call saves errno, read back through {@link Native#errno()}.
 *
 * <p>Loaded once, by {@link Native}.
 */
public interface LibC {

    /** {@code int open(const char *pathname, int flags)}. */
    int open(CharSequence pathname, int flags);

    /** {@code int close(int fd)}. Never retried: on Linux the fd is released even when close fails. */
    int close(int fd);

    /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
    @ssize_t long read(int fd, @intptr_t long buf, @size_t long count);

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
    @ssize_t long write(int fd, @intptr_t long buf, @size_t long count);

    /**
     * {@code int ioctl(int fd, unsigned long request, void *argp)}: the variadic third argument points to the
     * request's struct ({@link IfReq}, {@link In6IfReq}), which the kernel may read and write.
     */
    @Variadic(fixedCount = 2)
    int ioctl(int fd, @u_int64_t long request, @In @Out Struct argp);

    /**
     * {@code int ioctl(int fd, unsigned long request, unsigned long arg)}: the requests whose argument is a value, not
     * a pointer ({@code TUNSETPERSIST}, {@code TUNSETOWNER}, {@code TUNSETGROUP}).
     */
    @Variadic(fixedCount = 2)
    int ioctl(int fd, @u_int64_t long request, @u_int64_t long arg);

    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}, the array in native memory. */
    int poll(@intptr_t long fds, @u_int64_t long nfds, int timeout);

    /** {@code int eventfd(unsigned int initval, int flags)}. */
    int eventfd(@u_int32_t int initval, int flags);

    /** {@code int socket(int domain, int type, int protocol)}. */
    int socket(int domain, int type, int protocol);

    /**
     * {@code int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen)}, the address in native memory
     * (a {@code struct sockaddr_un} for {@link NotifySocket}).
     */
    int connect(int sockfd, @intptr_t long addr, int addrlen);

    /** {@code int fcntl(int fd, int cmd, int arg)}: the variadic third argument is an int. */
    @Variadic(fixedCount = 2)
    int fcntl(int fd, int cmd, int arg);

    /** {@code int unshare(int flags)}: moves the calling thread into new namespaces. */
    int unshare(int flags);

    /** {@code int setns(int fd, int nstype)}: moves the calling thread into the namespace {@code fd} refers to. */
    int setns(int fd, int nstype);

    /**
     * {@code int mount(const char *source, const char *target, const char *filesystemtype, unsigned long mountflags,
     * const void *data)}, here only for a bind mount (data is NULL).
     */
    int mount(CharSequence source, CharSequence target, CharSequence filesystemtype, @u_int64_t long mountflags,
            @intptr_t long data);

    /** {@code int umount2(const char *target, int flags)}. */
    int umount2(CharSequence target, int flags);

    /** {@code int setgroups(size_t size, const gid_t *list)}; glibc applies it to every thread of the process. */
    int setgroups(@size_t long size, @intptr_t long list);

    /** {@code int setresgid(gid_t rgid, gid_t egid, gid_t sgid)}; glibc applies it to every thread. */
    int setresgid(@u_int32_t int rgid, @u_int32_t int egid, @u_int32_t int sgid);

    /** {@code int setresuid(uid_t ruid, uid_t euid, uid_t suid)}; glibc applies it to every thread. */
    int setresuid(@u_int32_t int ruid, @u_int32_t int euid, @u_int32_t int suid);

    /**
     * {@code int capget(cap_user_header_t header, cap_user_data_t data)}: the calling thread's capability sets
     * ({@code capget(2)}; version 3 headers take two data structs, for capabilities 0-31 and 32-63).
     */
    int capget(Pointer header, Pointer data);

    /** {@code int capset(cap_user_header_t header, const cap_user_data_t data)}: the calling thread's sets. */
    int capset(Pointer header, Pointer data);

    /** {@code int prctl(int option, unsigned long arg2, ...)}, here with the later arguments 0. */
    @Variadic(fixedCount = 1)
    int prctl(int option, @u_int64_t long arg2, @u_int64_t long arg3, @u_int64_t long arg4, @u_int64_t long arg5);
}
