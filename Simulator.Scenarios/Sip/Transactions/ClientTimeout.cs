namespace CpmSim.Scenarios.Sip.Transactions;

/// <summary>
/// A client transaction's request went unanswered (Timer B, F or C): what its transaction user gets.
/// <see cref="Request"/> is the request as sent, valid only during the call; <see cref="Upstream"/>, for a
/// request a proxy passed on, the branch of the server transaction its 408 goes back on; <see cref="TimerC"/>:
/// it was Timer C (an INVITE in Proceeding), not B or F.
/// </summary>
internal readonly record struct ClientTimeout(SipMethod Method, long User, bool Forwarded, SipRequest? Request, long Upstream, bool TimerC = false);
