namespace CpmSim.Scenarios.Load;

/// <summary>
/// One load step of a capacity search (ETSI TS 186 008): the scenario attempts started in it, those
/// inadequately handled (counted to their end, which may fall in a later step), and the verdict.
/// </summary>
/// <param name="Index">Step number from 0.</param>
/// <param name="Saps">Offered scenario attempts per second in the step.</param>
/// <param name="FromSeconds">Virtual time the step begins, seconds.</param>
/// <param name="ToSeconds">Virtual time the step ends (the next begins), seconds.</param>
/// <param name="Attempts">Scenario attempts (sessions) started in the step.</param>
/// <param name="Pending">Of those, attempts not yet ended when the search stopped (0 unless the search stopped early); their outcome is not counted.</param>
/// <param name="InadequatelyHandled">Attempts started in the step that were inadequately handled.</param>
/// <param name="IhsShare">InadequatelyHandled / Attempts.</param>
/// <param name="ModificationP99Ms">99th percentile of the modification delay of the step's attempts.</param>
/// <param name="SessionRequestP99Ms">99th percentile of the set-up delay of the step's attempts.</param>
/// <param name="Steady">MSER-5 over the step's attempts' delays (in arrival order) does not put the end of a
/// transient at the limit of its search: no backlog grows through the step.</param>
/// <param name="Passed">Every attempt ended, the IHS share is within the threshold, and the step is steady.</param>
public sealed record CapacityStep(
    int Index,
    double Saps,
    double FromSeconds,
    double ToSeconds,
    long Attempts,
    long Pending,
    long InadequatelyHandled,
    double IhsShare,
    double ModificationP99Ms,
    double SessionRequestP99Ms,
    bool Steady,
    bool Passed);
