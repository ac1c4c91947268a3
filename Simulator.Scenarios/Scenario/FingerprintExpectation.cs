namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// One <c>expect: fingerprint:</c> value of a scenario file: the fingerprint (<c>HASH/INGREDIENTS</c>, see
/// <see cref="CpmSim.Core.Kernel.Fingerprint"/>) its run must have, and where the value is written, so that
/// <c>cpmsim check --update-fingerprints</c> can rewrite it in place.
/// </summary>
/// <param name="Text">The value as written.</param>
/// <param name="Hash">Its hash.</param>
/// <param name="Ingredients">Its ingredient codes.</param>
/// <param name="Location"><c>file:line:column</c> of the value.</param>
/// <param name="File">The file the value is in (the scenario's own file: fingerprints are not inherited through <c>extends:</c>).</param>
/// <param name="Start">Character offset of the value's first character in the file's text (quotes included).</param>
/// <param name="End">Character offset just after the value.</param>
public sealed record FingerprintExpectation(string Text, ulong Hash, string Ingredients, string Location, string File, long Start, long End)
{
    /// <summary>The value as the fingerprint of a run prints it.</summary>
    public string Value => CpmSim.Core.Kernel.Fingerprint.Format(Hash, Ingredients);
}
