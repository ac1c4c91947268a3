using System.Globalization;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Flows;

/// <summary>
/// Strict conformance (<c>cpmsim check --strict</c>, or <c>strict: true</c> in a flow file): beyond the
/// order of the numbered messages, the SIP that goes with them.
/// <list type="bullet">
/// <item>Every numbered final response to an INVITE is acknowledged: a non-2xx hop by hop, by an ACK from its
/// receiver back to its sender (RFC 3261 §17.1.1.3); a 2xx end to end, by an ACK its receiver sends or passes on (§13.2.2.4).</item>
/// <item>A step's <c>provisional: 100</c>: its receiver answers it with that provisional response before its final one.</item>
/// <item>A step's <c>sdp: [chat, file:0]</c>: the message's SDP has those m-lines, in order, <c>:0</c> marking port 0.</item>
/// <item>A step's <c>warning: 304</c>: the response carries that warning code.</item>
/// <item>A step's <c>rejects: [file]</c>: the response rejects those streams, as a 488 with Warning 304 or as a 2xx with them at port 0.</item>
/// <item>The flow's <c>teardown: true</c>: every dialog that a 2xx to an INVITE established is released by a BYE answered with 200.</item>
/// </list>
/// A violation names the step it concerns: the message's step, or for a dialog never released the step of the 2xx
/// that established it (else the first step on that dialog).
/// </summary>
public static class StrictChecker
{
    public static IReadOnlyList<StrictViolation> Check(FlowDefinition flow, IReadOnlyList<ObservedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(records);
        var violations = new List<StrictViolation>();
        var sip = records.Where(r => r.Kind == FlowItemKind.Send && !r.Lost && r.Payload is SipMessage).ToList();

        foreach (FlowStep step in flow.Steps.Where(s => s.Kind == FlowItemKind.Send))
        {
            ObservedRecord? r = sip.FirstOrDefault(x => x.Step == step.Step && x.Name == step.Name && x.FromRole == step.From && x.ToRole == step.To);
            if (r is null)
            {
                continue; // not in the trace: the flow match reports it
            }

            var message = (SipMessage)r.Payload!;
            if (step.Sdp is { } sdp)
            {
                string expected = "[" + string.Join(", ", sdp) + "]";
                string actual = message.Body.IsNone ? "no SDP" : "[" + string.Join(", ", message.Body.Streams.Select(s => SipFormat.Name(s.Type) + (s.IsRejected ? ":0" : string.Empty))) + "]";
                if (expected != actual)
                {
                    violations.Add(new(step.Step, $"{Describe(r)}: expected SDP m-lines {expected}, saw {actual}"));
                }
            }

            if (step.Rejects is { } rejects)
            {
                string types = string.Join(", ", rejects);
                bool as488 = message is SipResponse { Status: StatusCodes.NotAcceptableHere, Warning: StatusCodes.WarningMediaTypeNotAvailable };
                var zero = message.Body.Streams.Where(s => s.IsRejected).Select(s => SipFormat.Name(s.Type)).ToList();
                bool asPortZero = message is SipResponse { Status: >= 200 and < 300 } && zero.Count == rejects.Count && rejects.All(zero.Contains);
                if (!as488 && !asPortZero)
                {
                    string saw = message is SipResponse sr ? $"{sr.Status}" + (sr.Warning != 0 ? $" with Warning {sr.Warning}" : " without a Warning") + (message.Body.IsNone ? string.Empty : $", SDP [{string.Join(", ", message.Body.Streams.Select(s => SipFormat.Name(s.Type) + (s.IsRejected ? ":0" : string.Empty)))}]") : message.Kind;
                    violations.Add(new(step.Step, $"{Describe(r)}: expected a rejection of [{types}] (488 with Warning 304, or 2xx with those streams at port 0), saw {saw}"));
                }
            }

            if (step.Warning is int warning && (message as SipResponse)?.Warning != warning)
            {
                int saw = (message as SipResponse)?.Warning ?? 0;
                violations.Add(new(step.Step, $"{Describe(r)}: expected Warning {warning}, saw {(saw == 0 ? "none" : saw.ToString(CultureInfo.InvariantCulture))}"));
            }

            if (step.Provisional is int provisional && message is SipRequest request)
            {
                ObservedRecord? final = sip.FirstOrDefault(x => x.Payload is SipResponse { Status: >= 200 } f && Answers(f, request) && x.FromNode == r.ToNode && x.ToNode == r.FromNode);
                bool found = sip.Any(x => x.Payload is SipResponse p && p.Status == provisional && Answers(p, request) && x.FromNode == r.ToNode && x.ToNode == r.FromNode
                    && (final is null || x.SentNs <= final.SentNs));
                if (!found)
                {
                    violations.Add(new(step.Step, $"{Describe(r)}: expected a {provisional} {StatusCodes.Reason(provisional)} from {r.ToRole} before its final response, saw none"));
                }
            }
        }

        // Every numbered final response to an INVITE is acknowledged.
        foreach (ObservedRecord r in sip.Where(x => x.Step is not null && x.Payload is SipResponse { Status: >= 200, CSeqMethod: SipMethod.Invite }))
        {
            var response = (SipResponse)r.Payload!;
            bool success = StatusCodes.IsSuccess(response.Status);
            bool acked = sip.Any(x => x.Payload is SipRequest { Method: SipMethod.Ack } ack && ack.CallId == response.CallId && ack.CSeq == response.CSeq
                && x.FromNode == r.ToNode && (success || x.ToNode == r.FromNode) && x.SentNs >= r.ReceivedNs);
            if (!acked)
            {
                violations.Add(new(r.Step!, success
                    ? $"{Describe(r)} is never acknowledged: {r.ToRole} sends or passes on no ACK for it (RFC 3261 §13.2.2.4)"
                    : $"{Describe(r)} is never acknowledged: no ACK from {r.ToRole} back to {r.FromRole} (RFC 3261 §17.1.1.3: hop by hop)"));
            }
        }

        if (flow.Teardown)
        {
            foreach (IGrouping<CallId, ObservedRecord> dialog in sip.Where(x => x.Payload is SipResponse { Status: >= 200 and < 300, CSeqMethod: SipMethod.Invite })
                .GroupBy(x => ((SipMessage)x.Payload!).CallId))
            {
                bool bye = sip.Any(x => x.Payload is SipRequest { Method: SipMethod.Bye } b && b.CallId == dialog.Key);
                bool byeOk = sip.Any(x => x.Payload is SipResponse { Status: 200, CSeqMethod: SipMethod.Bye } o && o.CallId == dialog.Key);
                if (bye && byeOk)
                {
                    continue;
                }

                string at = dialog.FirstOrDefault(x => x.Step is not null)?.Step
                    ?? sip.FirstOrDefault(x => x.Step is not null && ((SipMessage)x.Payload!).CallId == dialog.Key)?.Step
                    ?? flow.Steps[^1].Step;
                violations.Add(new(at, $"the dialog {dialog.Key} ({dialog.First().FromRole} ↔ {dialog.First().ToRole}) is never released: " +
                    (bye ? "its BYE is never answered with 200" : "no BYE")));
            }
        }

        return violations;
    }

    private static bool Answers(SipResponse response, SipRequest request) =>
        response.CallId == request.CallId && response.CSeq == request.CSeq && response.CSeqMethod == request.Method;

    private static string Describe(ObservedRecord r)
    {
        var m = (SipMessage)r.Payload!;
        string what = m is SipResponse s ? $"the {s.Status}" : $"the {m.Kind}";
        return $"{what} {r.FromRole} → {r.ToRole} (Call-ID {m.CallId}, CSeq {m.CSeq})";
    }
}
