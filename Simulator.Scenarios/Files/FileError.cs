namespace CpmSim.Scenarios.Files;

/// <summary>One problem in an input file, at a place, with a hint how to fix it.</summary>
public sealed record FileError(string File, int Line, int Column, string Message, string? Hint = null)
{
    /// <summary>An error at a <c>file:line:column</c> location string (as kept in definitions).</summary>
    public static FileError At(string location, string message, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        string[] parts = location.Split(':');
        if (parts.Length >= 3 && int.TryParse(parts[^2], System.Globalization.CultureInfo.InvariantCulture, out int line) && int.TryParse(parts[^1], System.Globalization.CultureInfo.InvariantCulture, out int column))
        {
            return new FileError(string.Join(':', parts[..^2]), line, column, message, hint);
        }

        return new FileError(location.Length == 0 ? "<scenario>" : location, 0, 0, message, hint);
    }

    /// <summary><c>file:line:column: message Hint: hint</c>; <c>file: message</c> when there is no position (e.g. a missing file).</summary>
    public override string ToString() => (Line > 0 ? $"{File}:{Line}:{Column}: " : $"{File}: ") + Message + (Hint is null ? string.Empty : $" Hint: {Hint}");
}
