using CsCheck;

namespace CpmSim.Tests.Cli;

/// <summary>One line mutation of a <see cref="FuzzCase"/>: its kind (delete, duplicate, rename the key, replace the value, replace a flow-mapping value, insert a key, truncate), the line, and which key or scalar.</summary>
public sealed record FuzzMutation(int Kind, int Position, int Value)
{
    public static Gen<FuzzMutation> Generator { get; } =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 10_000], Gen.Int[0, 10_000], (kind, position, value) => new FuzzMutation(kind, position, value));

    public override string ToString() => $"{Kind}@{Position}:{Value}";
}
