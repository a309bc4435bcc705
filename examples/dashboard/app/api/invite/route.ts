export async function POST(request: Request) {
  const email = new URL(request.url).searchParams.get('email');
  throw new Error(`Invite failed: ${email} is already an agent`);
}
