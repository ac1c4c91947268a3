namespace CpmSim.Cli;

/// <summary>Writes a binary capture file: the path must be given and its folder must exist (bad input, exit 2, otherwise).</summary>
internal static class PcapOut
{
    public static void Write(string? path, string option, Action<Stream> write)
    {
        string full = Check(path, option);
        try
        {
            using var stream = new FileStream(full, FileMode.Create, FileAccess.Write);
            write(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write the pcap '{path}': {e.Message}");
        }
    }

    /// <summary>The full path to write, after checking it can be (before a long run, so that it fails early).</summary>
    public static string Check(string? path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CliException($"a pcap is binary: give the file to write with {option} FILE (e.g. {option} flow.pcap)");
        }

        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new CliException($"cannot write the pcap '{path}': the folder '{dir}' does not exist; create it first or choose another path");
        }

        if (Directory.Exists(full))
        {
            throw new CliException($"cannot write the pcap '{path}': it is a folder; give a file name, e.g. {Path.Combine(path!, "run.pcap")}");
        }

        return full;
    }
}
