package io.tunstack.app;
import jnr.ffi.LibraryLoader;
import jnr.ffi.types.*;
public class B {
  public interface Hot {
    @ssize_t long read(int fd, @intptr_t long buf, @size_t long count);
    @ssize_t long write(int fd, @intptr_t long buf, @size_t long count);
    int poll(@intptr_t long fds, @u_int64_t long nfds, int timeout);
  }
  public interface HotPlain {
    long read(int fd, long buf, long count);
    long write(int fd, long buf, long count);
    int poll(long fds, long nfds, int timeout);
  }
  public static void main(String[] a) throws Exception {
    long t0=System.nanoTime();
    Object o = a[0].equals("hot") ? LibraryLoader.create(Hot.class).load("c") : a[0].equals("plain") ? LibraryLoader.create(HotPlain.class).load("c") : LibraryLoader.create(io.tunstack.device.LibC.class).load("c");
    long t1=System.nanoTime();
    System.out.printf("%s %d ms %s%n", a[0], (t1-t0)/1000000, o.getClass().getName());
  }
}
