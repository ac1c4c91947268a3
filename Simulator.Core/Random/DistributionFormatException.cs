namespace CpmSim.Core.Random;

/// <summary>A distribution spec could not be read. The message quotes the text, gives the position and lists the accepted forms.</summary>
public sealed class DistributionFormatException : FormatException
{
    public DistributionFormatException(string message, string text, int position)
        : base(message)
    {
        Text = text;
        Position = position;
    }

    public DistributionFormatException()
    {
        Text = string.Empty;
    }

    public DistributionFormatException(string message)
        : base(message)
    {
        Text = string.Empty;
    }

    public DistributionFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Text = string.Empty;
    }

    /// <summary>The spec that failed.</summary>
    public string Text { get; }

    /// <summary>0-based column in <see cref="Text"/> where the problem is.</summary>
    public int Position { get; }
}
