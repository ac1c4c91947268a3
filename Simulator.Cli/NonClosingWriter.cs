using System.Text;

namespace CpmSim.Cli;

/// <summary>Wraps a writer the command does not own (stdout) so that disposing it only flushes.</summary>
internal sealed class NonClosingWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(value);

    public override void WriteLine(string? value) => inner.WriteLine(value);

    protected override void Dispose(bool disposing)
    {
        inner.Flush();
        base.Dispose(disposing);
    }
}
