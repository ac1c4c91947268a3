namespace CpmSim.Scenarios.Cpm;

/// <summary>The non-CPM communication services the model knows.</summary>
public enum NonCpmService
{
    Sms,
    Mms,
}
