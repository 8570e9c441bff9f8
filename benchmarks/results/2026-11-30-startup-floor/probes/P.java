package io.tunstack.app;
import picocli.CommandLine;
import picocli.CommandLine.*;
public class P { 
  @Command(name="m") static class C implements Runnable { @Option(names="--x") int x; @Parameters(arity="0..1") String p; @Spec Model.CommandSpec s; public void run(){} }
  static long t=System.nanoTime();
  static void lap(String s){ long n=System.nanoTime(); System.out.printf("%-12s %4d ms%n", s, (n-t)/1000000); t=n; }
  public static void main(String[] a) throws Exception {
  lap("start");
  new CommandLine(new C()).parseArgs(); lap("small");
  for (Class<?> k : new Class<?>[]{DoctorCommand.class, SetupCommand.class, TeardownCommand.class, HostsCommand.class}) {
    var ctor = k.getDeclaredConstructor(); ctor.setAccessible(true);
    new CommandLine(ctor.newInstance()); lap(k.getSimpleName());
  }
  var c = new CommandLine(new TunstackCommand()); lap("Tunstack");
  c.parseArgs(); lap("parse");
  Main.commandLine().parseArgs(); lap("again");
}}
