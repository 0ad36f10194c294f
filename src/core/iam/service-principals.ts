/**
 * One AWS service has several principal names (IAM User Guide, "AWS service principals"; CDK's
 * ServicePrincipal and its region-info database): the global `states.amazonaws.com`, a regional
 * one (`states.us-east-1.amazonaws.com`: the Step Functions console's execution roles, the Step
 * Functions Developer Guide's `!Sub states.${AWS::Region}.amazonaws.com`, opt-in regions), and a
 * partition's (`ec2.amazonaws.com.cn` in China, `ec2.c2s.ic.gov` and `ec2.sc2s.sgov.gov` in the
 * ISO partitions). Read as written, a role trusting one of these was no role of the service.
 */

const GLOBAL_SUFFIX = ".amazonaws.com";
/** A partition's domain for service principals, which stands for `.amazonaws.com` there. */
const PARTITION_SUFFIXES = [".amazonaws.com.cn", ".c2s.ic.gov", ".sc2s.sgov.gov"];
/** A region (`us-east-1`, `us-gov-west-1`, `cn-northwest-1`, `us-isob-east-1`), or `*`: one a template leaves to deployment. */
const REGION = /^(?:[a-z]{2}(?:-[a-z]+)+-\d+|\*)$/;

/**
 * The global name of the service a service principal names, in lower case: the partition's
 * domain read as `.amazonaws.com`, a region label before it dropped. Any other text is returned
 * lower-cased (`replicator.lambda.amazonaws.com` is Lambda@Edge's replicator, not Lambda).
 */
export function servicePrincipalName(id: string): string {
  let name = id.trim().toLowerCase();
  // Indexed: asked for every value of every trust and PassRole condition, mostly before V8 optimizes it.
  for (let i = 0; i < PARTITION_SUFFIXES.length; i++) {
    const suffix = PARTITION_SUFFIXES[i] as string;
    if (name.endsWith(suffix)) {
      name = name.slice(0, -suffix.length) + GLOBAL_SUFFIX;
      break;
    }
  }
  if (!name.endsWith(GLOBAL_SUFFIX)) return name;
  const head = name.slice(0, -GLOBAL_SUFFIX.length);
  const dot = head.lastIndexOf(".");
  return dot > 0 && REGION.test(head.slice(dot + 1)) ? head.slice(0, dot) + GLOBAL_SUFFIX : name;
}
