package io.tunstack.app;
import picocli.CommandLine;
import picocli.CommandLine.*;
public class M { 
  @Command(name="m") static class C implements Runnable { @Option(names="--x") int x; public void run(){} }
  public static void main(String[] a) throws Exception {
  long t0=System.nanoTime();
  if (a[0].equals("ann")) { C.class.getDeclaredField("x").getAnnotation(Option.class).names(); }
  if (a[0].equals("small")) new CommandLine(new C()).parseArgs();
  if (a[0].equals("spec")) { var s = Model.CommandSpec.create(); s.addOption(Model.OptionSpec.builder("--x").type(int.class).build()); new CommandLine(s).parseArgs(); }
  if (a[0].equals("full")) Main.commandLine().parseArgs();
  long t1=System.nanoTime();
  System.out.printf("%s %d ms%n", a[0], (t1-t0)/1000000);
}}
