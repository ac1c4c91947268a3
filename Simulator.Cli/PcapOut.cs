namespace CpmSim.Cli;

/// <summary>Writes a binary capture file: the path must be given and its folder must exist (bad input, exit 2, otherwise).</summary>
internal static class PcapOut
{
    public static void Write(string? path, string option, Action<Stream> write)
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
}
