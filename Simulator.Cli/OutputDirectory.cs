namespace CpmSim.Cli;

/// <summary>
/// Checks an output directory before a long run instead of after it: the directory is created and a probe
/// file written and removed, so a typo or a read-only path fails in a second, not after the simulation.
/// </summary>
internal static class OutputDirectory
{
    public static void Prepare(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            string probe = Path.Combine(directory, ".cpmsim-write-probe-" + Environment.ProcessId);
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CliException($"cannot write to '{directory}' (--out): {e.Message} Hint: give a directory you can write to; it is created if missing.");
        }
    }
}
