package io.tunstack.app;
public class D { public static void main(String[] a) throws Exception {
  long t0=System.nanoTime(); String s;
  if (a[0].equals("sdf")) s = new java.text.SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").format(new java.util.Date());
  else if (a[0].equals("jt")) s = io.tunstack.app.observe.Timestamps.now(java.time.Clock.systemDefaultZone());
  else { s = io.tunstack.app.observe.Timestamps.now(java.time.Clock.systemDefaultZone()); long t=System.nanoTime(); s += new java.text.SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").format(new java.util.Date()); System.out.println("sdf after jt " + (System.nanoTime()-t)/1000 + " us"); }
  long t1=System.nanoTime();
  System.out.printf("%s %s %d us%n", a[0], s, (t1-t0)/1000);
}}
