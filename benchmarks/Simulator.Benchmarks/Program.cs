namespace CpmSim.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine("benchmarks: not built yet");
        return args.Length >= 0 ? 0 : 1;
    }
}
