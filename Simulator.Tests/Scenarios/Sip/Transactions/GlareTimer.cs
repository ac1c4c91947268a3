namespace CpmSim.Tests.Scenarios.Sip.Transactions;

/// <summary>The test user agents' own timer: the wait before a re-INVITE refused with 491 is tried again.</summary>
internal enum GlareTimer
{
    Retry,
}
